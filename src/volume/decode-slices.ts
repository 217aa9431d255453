import type { SliceInput, SlicePixelReader } from './read-chunk';
import type { ReaderArray } from './value-range';

/** One slice as the reader decoded it, or why it could not be. */
export type DecodedSlice = { values: ReaderArray; problem?: undefined } | { problem: string };

export interface DecodedSlices {
  /** Per input, in order. */
  slices: DecodedSlice[];
  /** The reader's output buffers, to hand back once the slices are copied. */
  buffers: ArrayBufferLike[];
}

/**
 * Decodes slices with one reader call per run of slices stored alike (the reader takes the pixel type
 * and rescale of a call from its first file, so a slice stored signed among unsigned ones, or with a
 * slope of its own, gets a call of its own); when a call fails or returns the wrong shape, each of its
 * slices is decoded alone, so that one unreadable file fails only its own slice.
 */
export async function decodeSlices(
  inputs: SliceInput[],
  planeSize: [number, number],
  reader: SlicePixelReader,
): Promise<DecodedSlices> {
  const result: DecodedSlices = { slices: [], buffers: [] };
  for (const run of runsStoredAlike(inputs)) {
    const decoded = await decodeRunOrEach(run, planeSize, reader);
    result.slices.push(...decoded.slices);
    result.buffers.push(...decoded.buffers);
  }
  return result;
}

function runsStoredAlike(inputs: SliceInput[]): SliceInput[][] {
  const key = ({ header: h }: SliceInput) =>
    `${h.pixelRepresentation}/${h.bitsAllocated}/${h.bitsStored}/${h.rescaleSlope}/${h.rescaleIntercept}/${h.photometricInterpretation}`;
  const runs: SliceInput[][] = [];
  for (const input of inputs) {
    const last = runs[runs.length - 1];
    if (last && key(last[0]!) === key(input)) last.push(input);
    else runs.push([input]);
  }
  return runs;
}

async function decodeRunOrEach(
  inputs: SliceInput[],
  planeSize: [number, number],
  reader: SlicePixelReader,
): Promise<DecodedSlices> {
  if (inputs.length === 0) return { slices: [], buffers: [] };
  const together = await decodeRun(inputs, planeSize, reader);
  if (together.problem === undefined)
    return { slices: splitSlices(together.values, inputs.length), buffers: [together.values.buffer] };
  if (inputs.length === 1) return { slices: [together], buffers: [] };
  const result: DecodedSlices = { slices: [], buffers: [] };
  for (const input of inputs) {
    const alone = await decodeRun([input], planeSize, reader);
    result.slices.push(alone);
    if (alone.problem === undefined) result.buffers.push(alone.values.buffer);
  }
  return result;
}

async function decodeRun(
  inputs: SliceInput[],
  [columns, rows]: [number, number],
  reader: SlicePixelReader,
): Promise<DecodedSlice> {
  let image;
  try {
    image = await reader.readSlices(inputs);
  } catch (error) {
    return { problem: stripFile(error instanceof Error ? error.message : String(error), inputs[0]!.header.file) };
  }
  const [sx, sy, sz] = [image.size[0], image.size[1], image.size[2] ?? 1];
  if (image.imageType.components !== 1) return { problem: 'the reader returned a colour image' };
  if (sx !== columns || sy !== rows || sz !== inputs.length) {
    return { problem: `the reader returned ${sx}×${sy}×${sz} voxels for ${inputs.length} slice(s) of ${columns}×${rows}` };
  }
  const values = readerArray(image.data);
  if (!values) return { problem: `the reader returned pixels of type ${image.imageType.componentType}, not a supported scalar` };
  if (values.length !== columns * rows * inputs.length) {
    return { problem: `the reader returned ${values.length} values for ${columns * rows * inputs.length} voxels` };
  }
  return { values };
}

function splitSlices(values: ReaderArray, count: number): DecodedSlice[] {
  const plane = values.length / count;
  return Array.from({ length: count }, (_, k) => ({ values: values.subarray(k * plane, (k + 1) * plane) }));
}

/** A DicomError already names the file; the failed slice is listed under its own name. */
function stripFile(message: string, file: string): string {
  return message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;
}

const READER_ARRAYS = [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array];

function readerArray(data: unknown): ReaderArray | null {
  return READER_ARRAYS.some((type) => data instanceof type) ? (data as ReaderArray) : null;
}
