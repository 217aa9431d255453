import { DicomError } from '../dicom/dicom-error';
import { type LutMode, detectLutMode, lutSampleStep } from '../dicom/modality-lut';
import { checkPixelData } from '../dicom/pixel-data-check';
import { readStoredPixels } from '../dicom/stored-pixels';
import { readStoredRgb } from '../dicom/stored-rgb';
import type { SliceHeader } from '../dicom/types';
import { releaseNow } from '../runtime/release-buffer';
import { copyAsHu } from './copy-as-hu';
import { decodableInput } from './decodable-input';
import type { Image2d } from './image-2d';
import type { SliceInput, SlicePixelReader } from './read-chunk';
import type { ReaderArray } from './value-range';
import { defaultWindow } from './window-defaults';

type ReaderImage = Awaited<ReturnType<SlicePixelReader['readSlices']>>;

/**
 * Reads one image for the 2D view with the DICOM reader (itk-wasm), checked as a volume's slices are:
 * its pixel data before the decode, its values after it against the file's own (greyscale: the stored
 * values and the modality LUT, HU never depending on MONOCHROME1; native RGB: every sample, whatever
 * the planar configuration). Every failure names the file and says what is wrong in words.
 */
export async function readImage2d(given: SliceInput, reader: SlicePixelReader): Promise<Image2d> {
  if (given.header.numberOfFrames > 1) {
    const { numberOfFrames, file } = given.header;
    throw new DicomError(`a multi-frame image (${numberOfFrames} frames): only single images open in 2D`, file);
  }
  // A raw data set (or a frame) reaches the reader and the checks as the single-frame Part 10 file made of it.
  const made = await decodableInput(given);
  if (made.problem !== undefined) throw new DicomError(made.problem, given.header.file);
  const { input, bytes } = made;
  const { header } = input;
  const check = checkPixelData(bytes, header);
  if (check.problem !== undefined) throw new DicomError(check.problem, header.file);
  let decoded: ReaderImage;
  try {
    decoded = await reader.readSlices([input]);
  } catch (error) {
    if (error instanceof DicomError) throw error;
    throw new DicomError(`the DICOM reader failed (${error instanceof Error ? error.message : String(error)})`, header.file);
  }
  try {
    const [width, height, depth] = [decoded.size[0], decoded.size[1], decoded.size[2] ?? 1];
    if (width !== header.columns || height !== header.rows || depth !== 1) {
      throw new DicomError(
        `the reader returned ${width}×${height}×${depth} pixels for one image of ${header.columns}×${header.rows}`,
      );
    }
    const components = decoded.imageType.components;
    if (components === 1) return greyImage(header, check.byteArray, check.element, decoded.data);
    if (components === 3) return colourImage(header, bytes, decoded.data);
    throw new DicomError(`the reader returned ${components} samples per pixel (only grey and RGB images are shown)`);
  } catch (error) {
    if (error instanceof DicomError && error.file) throw error;
    throw new DicomError(error instanceof Error ? error.message : String(error), header.file);
  } finally {
    const buffer = (decoded.data as ArrayBufferView | null)?.buffer;
    if (buffer) (reader.recycle ?? releaseNow)(buffer);
  }
}

function greyImage(
  header: SliceHeader,
  byteArray: Uint8Array,
  element: Parameters<typeof readStoredPixels>[3],
  data: unknown,
): Image2d {
  const values = readerArray(data, header.rows * header.columns);
  const step = lutSampleStep(values.length);
  const stored = readStoredPixels(byteArray, header, step, element);
  let mode: LutMode = 'reader-applied';
  if (stored) {
    try {
      mode = detectLutMode(values, stored, step, header);
    } catch (error) {
      throw new DicomError(`decoded pixels disagree with the file's own: ${(error as Error).message}`);
    }
  }
  // Float32 holds every HU of a 16-bit image with any rescale closely enough to show and read out.
  const pixels = new Float32Array(values.length);
  const { min, max } = copyAsHu(values, pixels, 0, mode, header);
  const range: [number, number] = [min, max];
  const window = defaultWindow(header, pixels, range);
  const lut = `${header.modality === 'CT' ? 'HU' : 'value'} = stored × ${header.rescaleSlope} + ${header.rescaleIntercept}`;
  const verification = stored
    ? `${lut}, ${lutWords(mode)}, verified against the stored values`
    : `${lut} (not verified: compressed pixel data)`;
  return {
    ...describe(header),
    kind: 'grey',
    pixels,
    valueRange: range,
    window,
    inverted: header.photometricInterpretation === 'MONOCHROME1',
    unit: header.modality === 'CT' ? 'HU' : '',
    verification,
  };
}

function colourImage(header: SliceHeader, bytes: Uint8Array, data: unknown): Image2d {
  const pixelCount = header.rows * header.columns;
  const samples = readerArray(data, pixelCount * 3);
  // A copy of its own: the reader's buffer may be a recycled shared one (see itk-output-buffers.ts).
  const pixels = samples instanceof Uint8Array ? samples.slice() : toEightBits(samples, header.bitsStored);
  const stored = readStoredRgb(bytes, header);
  if (stored) {
    for (let index = 0; index < stored.length; index++) {
      if (stored[index] !== pixels[index]) {
        const pixel = Math.floor(index / 3);
        const [x, y] = [pixel % header.columns, Math.floor(pixel / header.columns)];
        throw new DicomError(`decoded colours disagree with the file's own at pixel (${x}, ${y})`);
      }
    }
  }
  return {
    ...describe(header),
    kind: 'rgb',
    pixels,
    valueRange: [0, 255],
    window: null,
    inverted: false,
    unit: '',
    verification: stored
      ? 'RGB samples verified against the stored ones'
      : `colours as the reader decoded them (${header.photometricInterpretation || 'colour'}; not verified)`,
  };
}

function describe(
  header: SliceHeader,
): Omit<Image2d, 'kind' | 'pixels' | 'valueRange' | 'window' | 'inverted' | 'unit' | 'verification'> {
  const spacing = header.pixelSpacing;
  return {
    file: header.file,
    seriesInstanceUID: header.seriesInstanceUID,
    instanceNumber: header.instanceNumber,
    modality: header.modality,
    photometricInterpretation: header.photometricInterpretation,
    width: header.columns,
    height: header.rows,
    // PixelSpacing is [between rows, between columns]: x steps along a row, by the column spacing.
    pixelSpacing: spacing && spacing[0] > 0 && spacing[1] > 0 ? [spacing[1], spacing[0]] : null,
    warnings: header.lossyCompression ? [`lossy compression: ${header.lossyCompression}`] : [],
  };
}

function lutWords(mode: LutMode): string {
  if (mode === 'apply-here') return 'applied by the viewer';
  if (mode === 'reader-inverted') return 'applied by the reader after a MONOCHROME1 inversion, which the viewer undid';
  return 'applied by the reader';
}

const READER_ARRAYS = [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array];

function readerArray(data: unknown, length: number): ReaderArray {
  const array = READER_ARRAYS.some((type) => data instanceof type) ? (data as ReaderArray) : null;
  if (!array) throw new DicomError('the reader returned pixels of an unsupported type');
  if (array.length !== length) throw new DicomError(`the reader returned ${array.length} values for ${length}`);
  return array;
}

/** Colour samples of more than 8 bits, scaled to the 8 bits a display shows. */
function toEightBits(samples: ReaderArray, bitsStored: number): Uint8Array {
  const max = 2 ** Math.min(16, Math.max(8, bitsStored)) - 1;
  return Uint8Array.from(samples, (value) => Math.round((Math.min(max, Math.max(0, value)) / max) * 255));
}
