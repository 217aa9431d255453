import { transfer } from 'comlink';
import type { SliceHeader } from '../../dicom/types';
import { releaseNow } from '../../runtime/release-buffer';
import { sourceFromBytes } from '../../sources/source-file';
import type { Image2d } from '../../volume/image-2d';
import { readImage2d } from '../../volume/read-image-2d';
import { workerSliceReader } from './itk-slice-reader';

/**
 * One image for the 2D view, decoded in this worker by the same itk-wasm reader as a volume's slices;
 * its pixels go back to the page transferred, never copied there.
 */
export async function readImage2dInWorker(file: ArrayBuffer, header: SliceHeader): Promise<Image2d> {
  try {
    const image = await readImage2d({ header, source: sourceFromBytes(header.file, new Uint8Array(file)) }, workerSliceReader);
    return transfer(image, [image.pixels.buffer]);
  } finally {
    // The file's bytes are garbage once read (itk-wasm copied them into its file system).
    releaseNow(file);
  }
}
