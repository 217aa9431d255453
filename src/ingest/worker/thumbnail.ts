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
 * against the stored values), windowed, reduced, and drawn into an ImageBitmap. The page only draws it.
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
      width,
      height,
      window: image.window,
      inverted: image.inverted,
      decodedIn,
    };
    if (typeof OffscreenCanvas === 'undefined') return transfer({ ...thumbnail, rgba }, [rgba.buffer]);
    const canvas = new OffscreenCanvas(width, height);
    canvas.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
    const bitmap = canvas.transferToImageBitmap();
    return transfer({ ...thumbnail, bitmap }, [bitmap]);
  } finally {
    releaseNow(file);
  }
}
