import { afterEach, describe, expect, it } from 'vitest';
import { SharedBufferPool, installPooledSharedArrayBuffer } from '../src/runtime/shared-buffer-pool';
import { isSharedBuffer } from '../src/runtime/shared-buffer';

function countingPool(maxKept: number) {
  const allocated: number[] = [];
  const pool = new SharedBufferPool((length) => {
    allocated.push(length);
    return new SharedArrayBuffer(length);
  }, maxKept);
  return { pool, allocated };
}

describe('SharedBufferPool', () => {
  it('gives a buffer handed back to the next request of the same length, and allocates otherwise', () => {
    const { pool, allocated } = countingPool(1);
    const first = pool.take(64);
    pool.give(first);
    expect(pool.take(64)).toBe(first);
    expect(pool.take(64)).not.toBe(first);
    pool.give(first);
    expect(pool.take(32)).not.toBe(first);
    expect(allocated).toEqual([64, 64, 32]);
    expect(pool.kept).toBe(1);
  });

  it('keeps at most maxKept buffers, the newest, and never the same one twice', () => {
    const { pool } = countingPool(2);
    const [a, b, c] = [pool.take(8), pool.take(8), pool.take(8)];
    pool.give(a);
    pool.give(a);
    expect(pool.kept).toBe(1);
    pool.give(b);
    pool.give(c);
    expect(pool.kept).toBe(2);
    const reused = [pool.take(8), pool.take(8)];
    expect(reused).toContain(b);
    expect(reused).toContain(c);
    expect(reused).not.toContain(a);
  });
});

describe('installPooledSharedArrayBuffer', () => {
  const native = globalThis.SharedArrayBuffer;
  afterEach(() => {
    globalThis.SharedArrayBuffer = native;
  });

  it('makes `new SharedArrayBuffer` take from the pool, still a real shared buffer for instanceof', () => {
    const scope: { SharedArrayBuffer?: typeof SharedArrayBuffer } = { SharedArrayBuffer: native };
    const pool = installPooledSharedArrayBuffer(scope, 1)!;
    const Pooled = scope.SharedArrayBuffer!;
    expect(Pooled).not.toBe(native);
    const buffer = new Pooled(16);
    expect(buffer).toBeInstanceOf(Pooled);
    expect(buffer).toBeInstanceOf(native);
    expect(isSharedBuffer(buffer)).toBe(true);
    expect(buffer.byteLength).toBe(16);
    pool.give(buffer);
    expect(new Pooled(16)).toBe(buffer);
    expect(() => (Pooled as unknown as (n: number) => unknown)(16)).toThrow(TypeError);
  });

  it('changes nothing where there is no SharedArrayBuffer (a page that is not cross-origin isolated)', () => {
    const scope: { SharedArrayBuffer?: typeof SharedArrayBuffer } = {};
    expect(installPooledSharedArrayBuffer(scope, 1)).toBeNull();
    expect(scope.SharedArrayBuffer).toBeUndefined();
  });
});
