import { isSharedBuffer } from './shared-buffer';

type Voxels = Int16Array | Float32Array | Uint8Array;

/**
 * The array in shared memory where the scope has it (cross-origin isolated): itself when it already
 * is, else a copy made here. Called in a worker, so that the page's voxels can be read by other
 * workers without a copy on the main thread; elsewhere the array as it is.
 */
export function inSharedMemory<T extends Voxels>(array: T): T {
  if (isSharedBuffer(array.buffer)) return array;
  if (typeof SharedArrayBuffer !== 'function' || globalThis.crossOriginIsolated !== true) return array;
  const Type = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const shared = new Type(new SharedArrayBuffer(array.byteLength));
  shared.set(array as never);
  return shared;
}
