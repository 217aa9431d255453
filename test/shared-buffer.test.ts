import { afterEach, describe, expect, it } from 'vitest';
import { isSharedBuffer } from '../src/runtime/shared-buffer';

describe('isSharedBuffer', () => {
  const constructor = globalThis.SharedArrayBuffer;
  afterEach(() => {
    globalThis.SharedArrayBuffer = constructor;
  });

  it('tells shared memory from a plain buffer', () => {
    expect(isSharedBuffer(new SharedArrayBuffer(8))).toBe(true);
    expect(isSharedBuffer(new ArrayBuffer(8))).toBe(false);
    expect(isSharedBuffer(new Int16Array(4).buffer)).toBe(false);
  });

  it('still answers where the constructor is hidden or replaced', () => {
    const shared = new SharedArrayBuffer(8);
    Reflect.deleteProperty(globalThis, 'SharedArrayBuffer');
    expect(isSharedBuffer(shared)).toBe(true);
    expect(isSharedBuffer(new ArrayBuffer(8))).toBe(false);
  });
});
