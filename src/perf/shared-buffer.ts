/**
 * Whether a buffer is shared memory. Asked of the buffer itself rather than with `instanceof`: the
 * ingest worker hides the SharedArrayBuffer constructor from itk-wasm (workers/itk-plain-outputs.ts),
 * and a page that is not cross-origin isolated has no such constructor at all.
 */
export function isSharedBuffer(buffer: ArrayBufferLike): boolean {
  return Object.prototype.toString.call(buffer) === '[object SharedArrayBuffer]';
}
