import dicomParser from 'dicom-parser';
import { inflateDataSet } from './deflate';
import { NATIVE_SYNTAXES } from './pixel-data-check';
import type { SliceHeader } from './types';

/**
 * Colour samples as R, G, B of pixel 0, then of pixel 1, …: the order the views draw. DICOM stores
 * them so (PlanarConfiguration 0) or as a plane per colour, all reds first (1).
 */
export function interleaveSamples(samples: Uint8Array, pixels: number, planar: boolean): Uint8Array {
  if (samples.length < pixels * 3) throw new Error(`${samples.length} colour samples for ${pixels} pixels`);
  if (!planar) return samples.slice(0, pixels * 3);
  const out = new Uint8Array(pixels * 3);
  for (let pixel = 0; pixel < pixels; pixel++) {
    out[pixel * 3] = samples[pixel]!;
    out[pixel * 3 + 1] = samples[pixels + pixel]!;
    out[pixel * 3 + 2] = samples[2 * pixels + pixel]!;
  }
  return out;
}

/**
 * The RGB samples of a native 8-bit RGB image, interleaved, decoded independently of itk-wasm so the
 * reader's colours can be checked against the file; null for what this cannot decode (compressed
 * syntaxes, YBR, palettes, more than 8 bits, several frames).
 */
export function readStoredRgb(bytes: Uint8Array, header: SliceHeader): Uint8Array | null {
  if (!NATIVE_SYNTAXES.has(header.transferSyntaxUID) || header.samplesPerPixel !== 3) return null;
  if (header.photometricInterpretation !== 'RGB' || header.bitsAllocated !== 8 || header.numberOfFrames > 1) return null;
  const ds = dicomParser.parseDicom(bytes, { inflater: inflateDataSet });
  const element = ds.elements['x7fe00010'];
  if (!element) return null;
  const pixels = header.rows * header.columns;
  if (element.length < pixels * 3) throw new Error('pixel data shorter than rows × columns × 3 samples');
  const samples = ds.byteArray.subarray(element.dataOffset, element.dataOffset + pixels * 3);
  return interleaveSamples(samples, pixels, (ds.uint16('x00280006') ?? 0) === 1);
}
