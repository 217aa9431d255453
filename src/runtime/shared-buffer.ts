/**
 * Whether a buffer is shared memory. Asked of the buffer itself rather than with `instanceof`: the
 * ingest worker replaces the SharedArrayBuffer constructor (src/ingest/worker/itk-output-buffers.ts), and a
 * page that is not cross-origin isolated has no such constructor at all.
 */
export function isSharedBuffer(buffer: ArrayBufferLike): boolean {
  return Object.prototype.toString.call(buffer) === '[object SharedArrayBuffer]';
}
