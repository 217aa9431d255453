/**
 * Imported before itk-wasm: its output buffers in this worker are recycled.
 *
 * Where the page is cross-origin isolated, itk-wasm copies every pipeline output out of the wasm
 * heap into a new SharedArrayBuffer (it looks for the constructor once, when its module loads): a new
 * 8 MB buffer per chunk of 8 slices of 512×512 as int32, whose pages cost more to fault in than the
 * copy, and which only the collector frees. Here each chunk's decoded slices, once copied into the
 * stack, are handed back (`recycleOutput`) and the next chunk's output is written over them.
 *
 * itk-wasm copies a whole output into the buffer, but what the decoder left in the wasm heap for a
 * slice it could not fill is not known to be new: readChunkAsHu checks every file's pixel data before
 * the decode and every decoded slice against its stored values after it, so neither a reused buffer
 * nor the heap can put another image's voxels into a volume.
 */
import { releaseNow } from '../../runtime/release-buffer';
import { installPooledSharedArrayBuffer } from '../../runtime/shared-buffer-pool';
import { isSharedBuffer } from '../../runtime/shared-buffer';

/**
 * One: the worker decodes one chunk at a time, so one buffer goes round (the stack's first and last
 * chunks are smaller; their outputs are left to the collector).
 */
const KEPT_OUTPUTS = 1;

const pool = installPooledSharedArrayBuffer(globalThis as { SharedArrayBuffer?: typeof SharedArrayBuffer }, KEPT_OUTPUTS);

/** Gives an output's memory back: to the pool when shared, else freed now. */
export function recycleOutput(buffer: ArrayBufferLike): void {
  if (pool && isSharedBuffer(buffer)) pool.give(buffer as SharedArrayBuffer);
  else releaseNow(buffer);
}
