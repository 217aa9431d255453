/**
 * What a series thumbnail should hold, computed from a file's stored values alone (not through the
 * app's code): each source pixel goes to the thumbnail pixel its centre falls in; a grey box is the
 * 8-bit window floor((HU − (WC − WW/2)) / WW · 255) of its mean HU, clamped, inverted for MONOCHROME1;
 * a colour box the rounded mean of each sample.
 */
import { readStoredPixels } from '../../src/dicom/stored-pixels';
import { readStoredRgb } from '../../src/dicom/stored-rgb';
import type { SliceHeader } from '../../src/dicom/types';

/** RGB triples of the thumbnail, row after row. */
export function expectedThumbnail(bytes: Uint8Array, header: SliceHeader, size: [number, number]): number[][] {
  const [tw, th] = size;
  const { columns: width, rows: height } = header;
  const rgb = header.samplesPerPixel === 3 ? readStoredRgb(bytes, header) : null;
  const stored = rgb ? null : readStoredPixels(bytes, header);
  if (!rgb && !stored) throw new Error(`${header.file}: no stored values to compare with`);
  const channels = rgb ? 3 : 1;
  const sums = new Float64Array(tw * th * channels);
  const counts = new Float64Array(tw * th);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const box = Math.floor(((y + 0.5) * th) / height) * tw + Math.floor(((x + 0.5) * tw) / width);
      counts[box]!++;
      const pixel = y * width + x;
      if (rgb) for (let c = 0; c < 3; c++) sums[box * 3 + c]! += rgb[pixel * 3 + c]!;
      else sums[box]! += stored![pixel]! * header.rescaleSlope + header.rescaleIntercept;
    }
  }
  const [wc, ww] = [header.windowCenter!, header.windowWidth!];
  return Array.from(counts, (count, box) => {
    if (rgb) return [0, 1, 2].map((c) => Math.round(sums[box * 3 + c]! / count));
    const level = Math.min(255, Math.max(0, Math.floor(((sums[box]! / count - (wc - ww / 2)) / ww) * 255)));
    const grey = header.photometricInterpretation === 'MONOCHROME1' ? 255 - level : level;
    return [grey, grey, grey];
  });
}
