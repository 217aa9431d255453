/**
 * SharedArrayBuffers kept for reuse, by byte length. A buffer handed back is given out again to the
 * next request of the same length instead of a new one: a new buffer's pages are faulted in one by
 * one as it is first written (several times slower than overwriting a resident one), and a shared
 * buffer is only ever freed by the garbage collector.
 *
 * A reused buffer holds its old bytes: only producers that overwrite the whole buffer may take one.
 */
export class SharedBufferPool {
  /** Buffers handed back, oldest first. */
  private readonly free: SharedArrayBuffer[] = [];

  constructor(
    private readonly allocate: (byteLength: number) => SharedArrayBuffer,
    private readonly maxKept: number,
  ) {}

  take(byteLength: number): SharedArrayBuffer {
    const index = this.free.findIndex((buffer) => buffer.byteLength === byteLength);
    return index < 0 ? this.allocate(byteLength) : this.free.splice(index, 1)[0]!;
  }

  /** Hands a buffer back; the oldest one kept is left to the collector when there are too many. */
  give(buffer: SharedArrayBuffer): void {
    if (this.free.includes(buffer)) return;
    this.free.push(buffer);
    if (this.free.length > this.maxKept) this.free.shift();
  }

  get kept(): number {
    return this.free.length;
  }
}

type SharedBufferConstructor = typeof SharedArrayBuffer;

/**
 * Replaces `scope.SharedArrayBuffer` with a constructor that takes from a new pool (instanceof and
 * the prototype still work) and returns that pool; null, changing nothing, where there is none.
 */
export function installPooledSharedArrayBuffer(
  scope: { SharedArrayBuffer?: SharedBufferConstructor },
  maxKept: number,
): SharedBufferPool | null {
  const native = scope.SharedArrayBuffer;
  if (typeof native !== 'function') return null;
  const pool = new SharedBufferPool((byteLength) => new native(byteLength), maxKept);
  const pooled = function SharedArrayBuffer(this: unknown, byteLength: number) {
    if (!new.target) throw new TypeError("Constructor SharedArrayBuffer requires 'new'");
    return pool.take(byteLength);
  } as unknown as SharedBufferConstructor;
  Object.defineProperty(pooled, 'prototype', { value: native.prototype });
  scope.SharedArrayBuffer = pooled;
  return pool;
}
