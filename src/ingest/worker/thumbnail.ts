import { transfer } from 'comlink';
import type { SliceHeader } from '../../dicom/types';
import { releaseNow } from '../../runtime/release-buffer';
import { sourceFromRange } from '../../sources/range-source';
import { sourceFromBytes } from '../../sources/source-file';
import { readImage2d } from '../../volume/read-image-2d';
import { renderThumbnail } from '../../volume/thumbnail-pixels';
import type { SeriesThumbnail } from '../thumbnail-job';
import { workerSliceReader } from './itk-slice-reader';

/**
 * A series' thumbnail, made in this worker from its middle image's bytes (read by the page and
 * transferred): decoded by the same itk-wasm reader and checked as a 2D image is (the modality LUT
 * against the stored values), windowed and reduced to RGBA pixels. The page only puts them on its canvas.
 */
export async function renderThumbnailInWorker(file: ArrayBuffer, header: SliceHeader, maxSide: number): Promise<SeriesThumbnail> {
  try {
    const bytes = new Uint8Array(file);
    // One frame of a multi-frame file: the page read only its range (as for a chunk).
    const frame = header.frame && !header.frame.inflated ? header.frame : undefined;
    const source = frame ? sourceFromRange(header.file, bytes, frame.start, frame.end) : sourceFromBytes(header.file, bytes);
    const image = await readImage2d({ header, source }, workerSliceReader);
    const { width, height, rgba } = renderThumbnail(image, maxSide);
    const decodedIn = (globalThis as { name?: string }).name || 'a worker';
    const thumbnail: SeriesThumbnail = {
      file: header.file,
      rgba,
      width,
      height,
      window: image.window,
      inverted: image.inverted,
      decodedIn,
    };
    // RGBA bytes, not an ImageBitmap: a bitmap from this worker's OffscreenCanvas can lose its pixels
    // when the worker is ended before the page's canvas has flushed its drawImage (the pool ends it
    // when a load begins or the queue is empty); 4 bytes a thumbnail pixel cost nothing to transfer.
    return transfer(thumbnail, [rgba.buffer]);
  } finally {
    releaseNow(file);
  }
}
