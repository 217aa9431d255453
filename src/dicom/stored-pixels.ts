import dicomParser from 'dicom-parser';
import { inflateDataSet } from './deflate';
import { NATIVE_SYNTAXES } from './pixel-data-check';
import type { SliceHeader } from './types';

/**
 * The stored (pre-modality-LUT) values of a native-encoded greyscale slice, decoded independently of
 * itk-wasm so the reader's output can be checked against the tags. null for compressed syntaxes.
 * With `step` > 1 only every step-th pixel is decoded (pixels 0, step, 2·step, …): a check that samples
 * the slice need not decode all of it. `element` is the file's pixel data element when already parsed,
 * `bytes` then the array its offsets refer to (a deflated file's inflated data set).
 */
export function readStoredPixels(
  bytes: Uint8Array,
  header: SliceHeader,
  step = 1,
  element: dicomParser.Element | undefined = undefined,
): Int32Array | null {
  if (!NATIVE_SYNTAXES.has(header.transferSyntaxUID) || header.samplesPerPixel !== 1) return null;
  if (!element) {
    const ds = dicomParser.parseDicom(bytes, { inflater: inflateDataSet });
    element = ds.elements['x7fe00010'];
    bytes = ds.byteArray;
  }
  const count = header.rows * header.columns;
  if (!element) return null;
  const bytesPerPixel = header.bitsAllocated / 8;
  if (bytesPerPixel !== 1 && bytesPerPixel !== 2) return null;
  if (element.length < count * bytesPerPixel) throw new Error('pixel data shorter than rows × columns');
  const view = new DataView(bytes.buffer, bytes.byteOffset + element.dataOffset, count * bytesPerPixel);
  const littleEndian = header.transferSyntaxUID !== '1.2.840.10008.1.2.2';
  const stored = new Int32Array(Math.ceil(count / step));
  const bits = header.bitsStored;
  const mask = bits >= 32 ? 0xffffffff : (1 << bits) - 1;
  const signBit = 1 << (bits - 1);
  for (let index = 0, sample = 0; index < count; index += step, sample++) {
    let raw = bytesPerPixel === 2 ? view.getUint16(index * 2, littleEndian) : view.getUint8(index);
    raw &= mask;
    stored[sample] = header.pixelRepresentation === 1 && raw & signBit ? raw - (mask + 1) : raw;
  }
  return stored;
}
