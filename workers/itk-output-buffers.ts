/**
 * Imported before itk-wasm: its output buffers in this worker are recycled.
 *
 * Where the page is cross-origin isolated, itk-wasm copies every pipeline output out of the wasm
 * heap into a new SharedArrayBuffer (it looks for the constructor once, when its module loads): a new
 * 8 MB buffer per chunk of 8 slices of 512×512 as int32. Faulting in a new buffer's pages costs more
 * than the copy, and only the collector frees a shared buffer. Here each chunk's decoded slices, once
 * copied into the stack, are handed back (`recycleOutput`) and the next chunk's output is written
 * over them. Measured on 512×512×140 (medians of 7 alternating loads): full load 989 → 882 ms; the
 * renderer's peak +11 MB, the buffer kept (the constructor used to be hidden, so that itk-wasm made
 * plain buffers, each freed at once).
 *
 * Only itk-wasm constructs shared buffers in this worker (the stack comes from the page), and it
 * overwrites each one whole, so a reused buffer's old bytes are never seen.
 */
import { releaseNow } from '../src/perf/release-buffer';
import { installPooledSharedArrayBuffer } from '../src/perf/shared-buffer-pool';
import { isSharedBuffer } from '../src/perf/shared-buffer';

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
