interface DetachableBuffer {
  readonly detached?: boolean;
  transfer?(newByteLength?: number): ArrayBuffer;
}

/**
 * Frees an ArrayBuffer's memory now rather than at some later garbage collection, by detaching it
 * (`transfer(0)`). A chunk read leaves megabytes of file bytes and decoded copies behind; V8 collects
 * such external memory late, so they would pile up into the load's peak. Shared buffers, buffers
 * that cannot be detached (wasm memory) and engines without `transfer` are left to the collector.
 */
export function releaseNow(buffer: ArrayBufferLike): void {
  if (!(buffer instanceof ArrayBuffer)) return;
  const detachable = buffer as ArrayBuffer & DetachableBuffer;
  if (detachable.detached || typeof detachable.transfer !== 'function') return;
  try {
    detachable.transfer(0);
  } catch {
    // Not detachable (e.g. a wasm memory's buffer): the collector frees it, or it is not garbage.
  }
}
