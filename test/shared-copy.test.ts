import { afterEach, describe, expect, it } from 'vitest';
import { isSharedBuffer } from '../src/runtime/shared-buffer';
import { inSharedMemory } from '../src/runtime/shared-copy';

const scope = globalThis as { crossOriginIsolated?: boolean };
const before = scope.crossOriginIsolated;
afterEach(() => {
  scope.crossOriginIsolated = before;
});

describe('voxels in shared memory', () => {
  it('copies a plain array into shared memory where the scope is cross-origin isolated', () => {
    scope.crossOriginIsolated = true;
    const plain = Int16Array.from([-1024, 0, 40, 3071]);
    const shared = inSharedMemory(plain);
    expect(isSharedBuffer(shared.buffer)).toBe(true);
    expect(shared).toBeInstanceOf(Int16Array);
    expect(Array.from(shared)).toEqual([-1024, 0, 40, 3071]);
    expect(shared.buffer.byteLength).toBe(plain.byteLength);
  });

  it('keeps an array that is shared already, and a plain one where there is no isolation', () => {
    scope.crossOriginIsolated = true;
    const shared = new Float32Array(new SharedArrayBuffer(8));
    expect(inSharedMemory(shared)).toBe(shared);
    scope.crossOriginIsolated = false;
    const plain = new Uint8Array(4);
    expect(inSharedMemory(plain)).toBe(plain);
  });
});
