import dicomParser from 'dicom-parser';
import { DEFLATED_SYNTAX, inflateDataSet } from './deflate';
import { parserMessage } from './parser-message';
import type { SliceHeader } from './types';

/**
 * Transfer syntaxes whose pixel data is stored as it is decoded: the native ones, and the deflated
 * one once its data set is inflated (its pixel data is native inside).
 */
export const NATIVE_SYNTAXES: ReadonlySet<string> = new Set([
  '1.2.840.10008.1.2',
  '1.2.840.10008.1.2.1',
  '1.2.840.10008.1.2.2',
  DEFLATED_SYNTAX,
]);
const PIXEL_DATA = 'x7fe00010';
const UNDEFINED_LENGTH = 0xffffffff;

type PixelLayout = Pick<SliceHeader, 'rows' | 'columns' | 'samplesPerPixel' | 'bitsAllocated' | 'numberOfFrames'>;

/** Bytes native pixel data must hold: Rows × Columns × samples × BitsAllocated / 8 × frames. */
export function expectedPixelBytes(layout: PixelLayout): number {
  const bits = layout.rows * layout.columns * layout.samplesPerPixel * layout.bitsAllocated * Math.max(1, layout.numberOfFrames);
  return Math.ceil(bits / 8);
}

function describeLayout(layout: PixelLayout): string {
  const frames = Math.max(1, layout.numberOfFrames);
  const samples = layout.samplesPerPixel === 1 ? '' : ` × ${layout.samplesPerPixel} samples`;
  return `${layout.rows} × ${layout.columns}${samples} × ${layout.bitsAllocated} bits${frames > 1 ? ` × ${frames} frames` : ''}`;
}

/**
 * What is wrong with a native pixel data element of `length` bytes, from the header alone; null when
 * nothing is (or when the syntax is encapsulated, whose fragments are checked once the file is read).
 */
export function pixelDataLengthProblem(
  length: number,
  header: PixelLayout & Pick<SliceHeader, 'transferSyntaxUID'>,
): string | null {
  if (!NATIVE_SYNTAXES.has(header.transferSyntaxUID)) return null;
  if (length === UNDEFINED_LENGTH) return 'native pixel data with an undefined length (only compressed pixel data may have one)';
  const expected = expectedPixelBytes(header);
  if (length < expected) {
    return `pixel data holds ${length} bytes, ${describeLayout(header)} needs ${expected}`;
  }
  return null;
}

/**
 * The file's pixel data element once checked, with the bytes its offsets refer to (the inflated data
 * set of a deflated file), or what is wrong with it.
 */
export type PixelDataCheck = { element: dicomParser.Element; byteArray: Uint8Array; problem?: undefined } | { problem: string };

/**
 * Checks a whole file's pixel data before it is decoded, so that a decoder never fills a slice from
 * less than it needs: native data must hold every byte its header describes and lie inside the file;
 * encapsulated data must hold a non-empty fragment per frame. A deflated data set is inflated first.
 */
export function checkPixelData(bytes: Uint8Array, header: SliceHeader): PixelDataCheck {
  let element: dicomParser.Element | undefined;
  let byteArray = bytes;
  try {
    const ds = dicomParser.parseDicom(bytes, { inflater: inflateDataSet });
    element = ds.elements[PIXEL_DATA];
    byteArray = ds.byteArray;
  } catch (error) {
    return { problem: `pixel data cannot be parsed (${parserMessage(error)})` };
  }
  if (!element) return { problem: 'no pixel data element' };
  if (NATIVE_SYNTAXES.has(header.transferSyntaxUID)) {
    const problem = pixelDataLengthProblem(element.length, header);
    if (problem) return { problem };
    const end = element.dataOffset + expectedPixelBytes(header);
    if (end > byteArray.byteLength) {
      return { problem: `truncated: pixel data needs ${end} bytes, the file has ${byteArray.byteLength}` };
    }
    return { element, byteArray };
  }
  const problem = encapsulatedProblem(element, header);
  return problem ? { problem } : { element, byteArray };
}

function encapsulatedProblem(element: dicomParser.Element, header: SliceHeader): string | null {
  const fragments = element.fragments ?? [];
  if (!element.encapsulatedPixelData || fragments.length === 0) return 'compressed pixel data holds no fragment';
  const empty = fragments.filter((fragment) => fragment.length === 0).length;
  if (empty === fragments.length) return 'compressed pixel data holds only empty fragments';
  const frames = Math.max(1, header.numberOfFrames);
  const offsets = element.basicOffsetTable ?? [];
  // With a basic offset table each frame starts a fragment; without one, at least one fragment a frame.
  const framesFound = offsets.length > 0 ? offsets.length : fragments.length;
  if (framesFound < frames) return `compressed pixel data holds ${framesFound} frame(s) of the ${frames} its header declares`;
  return null;
}
