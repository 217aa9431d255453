import { describe, expect, it, vi } from 'vitest';
import { releaseNow } from '../src/runtime/release-buffer';

// Node 20 has no ArrayBuffer.prototype.transfer (Chromium has), so each buffer gets its own.
function withTransfer(buffer: ArrayBuffer, transfer: (length?: number) => ArrayBuffer): ArrayBuffer {
  Object.defineProperty(buffer, 'transfer', { value: transfer });
  return buffer;
}

describe('releaseNow', () => {
  it('detaches a plain buffer by transferring it to length 0', () => {
    const transfer = vi.fn(() => new ArrayBuffer(0));
    releaseNow(withTransfer(new ArrayBuffer(16), transfer));
    expect(transfer).toHaveBeenCalledWith(0);
  });

  it('leaves detached buffers, shared buffers and engines without transfer alone', () => {
    const transfer = vi.fn(() => new ArrayBuffer(0));
    const detached = withTransfer(new ArrayBuffer(16), transfer);
    Object.defineProperty(detached, 'detached', { value: true });
    releaseNow(detached);
    expect(transfer).not.toHaveBeenCalled();
    expect(() => releaseNow(new SharedArrayBuffer(16))).not.toThrow();
    const plain = new ArrayBuffer(16);
    if (typeof (plain as { transfer?: unknown }).transfer !== 'function') {
      releaseNow(plain);
      expect(plain.byteLength).toBe(16);
    }
  });

  it('swallows the error of a buffer that cannot be detached (a wasm memory)', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    expect(() => releaseNow(memory.buffer)).not.toThrow();
    expect(memory.buffer.byteLength).toBe(65536);
    const refusing = withTransfer(new ArrayBuffer(8), () => {
      throw new TypeError('not detachable');
    });
    expect(() => releaseNow(refusing)).not.toThrow();
  });
});
