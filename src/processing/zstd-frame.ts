/**
 * A Zstandard frame (RFC 8878) that stores its content uncompressed, in raw blocks. itk-wasm's
 * loader only reads `<pipeline>.wasm.zst`, so a plain `.wasm` the user adds is wrapped in one; no
 * compressor is needed. The frame declares its content size, which itk-wasm's decoder requires.
 */
const MAGIC = 0xfd2fb528;
/** Block_Maximum_Size. */
const MAX_BLOCK = 128 * 1024;

export function rawZstdFrame(content: Uint8Array): Uint8Array<ArrayBuffer> {
  const blocks = Math.max(1, Math.ceil(content.length / MAX_BLOCK));
  const out = new Uint8Array(4 + 1 + 8 + blocks * 3 + content.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  // Frame_Header_Descriptor: Frame_Content_Size_flag = 3 (8 bytes), Single_Segment_flag = 1, no checksum, no dictionary.
  out[4] = (3 << 6) | (1 << 5);
  view.setBigUint64(5, BigInt(content.length), true);
  let at = 13;
  for (let b = 0; b < blocks; b++) {
    const start = b * MAX_BLOCK;
    const size = Math.min(MAX_BLOCK, content.length - start);
    const last = b === blocks - 1 ? 1 : 0;
    // Block_Header: Last_Block (bit 0), Block_Type 0 = Raw_Block (bits 1-2), Block_Size (bits 3-23), little-endian.
    const header = (size << 3) | last;
    out[at] = header & 0xff;
    out[at + 1] = (header >>> 8) & 0xff;
    out[at + 2] = (header >>> 16) & 0xff;
    out.set(content.subarray(start, start + size), at + 3);
    at += 3 + size;
  }
  return out;
}

/** True when `bytes` starts like a Zstandard frame. */
export function isZstdFrame(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) === MAGIC;
}
