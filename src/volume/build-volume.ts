import type { Image } from 'itk-wasm';
import { DicomError } from '../dicom/dicom-error';
import { analyzeStack } from '../dicom/geometry';
import { detectLutMode, needsFloat, storedInversion, type LutMode } from '../dicom/modality-lut';
import type { SeriesEntry } from '../dicom/series-types';
import { readStoredPixels } from '../dicom/stored-pixels';
import type { SliceHeader } from '../dicom/types';
import type { SourceFile } from '../sources/source-file';
import type { CtVolume, HuArray } from './ct-volume';
import { planGrid, resampleStack } from './resample-stack';
import { defaultWindow, valueRange } from './window-defaults';

export interface SliceInput {
  header: SliceHeader;
  source: SourceFile;
}

/** Reads the given slices, in the given order, as one image (itk-wasm in a worker, or in Node). */
export interface SlicePixelReader {
  readSlices(slices: SliceInput[]): Promise<Pick<Image, 'size' | 'data' | 'imageType'>>;
}

export interface BuildOptions {
  /** Slices per reader call; one call's wasm heap holds only this many. */
  chunkSize?: number;
  onProgress?: (slicesRead: number, sliceCount: number) => void;
}

const DEFAULT_CHUNK = 32;

/** Builds one series into a verified HU volume on a regular grid in world space. */
export async function buildVolume(
  series: SeriesEntry,
  sources: ReadonlyMap<string, SourceFile>,
  reader: SlicePixelReader,
  options: BuildOptions = {},
): Promise<CtVolume> {
  if (!series.isVolume) throw new DicomError(`series ${series.seriesNumber ?? series.id} is not a volume: ${series.reason}`);
  const stack = analyzeStack(series.slices);
  const inputs = stack.slices.map((header): SliceInput => {
    const source = sources.get(header.file);
    if (!source) throw new DicomError('file is no longer available', header.file);
    return { header, source };
  });

  const { columns, rows } = stack;
  const planeSize = columns * rows;
  const useFloat = needsFloat(stack.slices);
  const stacked: HuArray = useFloat ? new Float32Array(planeSize * inputs.length) : new Int16Array(planeSize * inputs.length);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const slopesVary = new Set(stack.slices.map((s) => `${s.rescaleSlope}/${s.rescaleIntercept}`)).size > 1;
  const lutModes = new Set<LutMode>();
  const verifiedBy: string[] = [];
  let clamped = 0;

  for (let start = 0; start < inputs.length; start += chunkSize) {
    const chunk = inputs.slice(start, start + chunkSize);
    const image = await reader.readSlices(chunk);
    const [sx, sy, sz] = [image.size[0], image.size[1], image.size[2] ?? 1];
    if (image.imageType.components !== 1) throw new DicomError('reader returned a colour image', chunk[0]!.header.file);
    if (sx !== columns || sy !== rows || sz !== chunk.length) {
      throw new DicomError(
        `reader returned ${sx}×${sy}×${sz} voxels for ${chunk.length} slices of ${columns}×${rows}`,
        chunk[0]!.header.file,
      );
    }
    const values = image.data as ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> };
    // The first slice of every chunk (every slice when rescale tags vary) is checked; the rest follow it.
    let mode: LutMode = 'reader-applied';
    for (let k = 0; k < chunk.length; k++) {
      const { header, source } = chunk[k]!;
      const slice = values.subarray(k * planeSize, (k + 1) * planeSize);
      if (k === 0 || slopesVary) {
        const stored = readStoredPixels(await source.readAll(), header);
        if (stored) {
          try {
            mode = detectLutMode(slice, stored, header);
          } catch (error) {
            throw new DicomError((error as Error).message, header.file);
          }
          lutModes.add(mode);
          if (verifiedBy.length < 1) verifiedBy.push(header.file);
        }
      }
      clamped += copyAsHu(slice, stacked, (start + k) * planeSize, mode, header);
    }
    options.onProgress?.(Math.min(start + chunk.length, inputs.length), inputs.length);
  }

  const first = stack.slices[0]!;
  const plan = planGrid(stack);
  const range = valueRange(stacked);
  const paddingHu = first.pixelPaddingValue === null ? null : first.pixelPaddingValue * first.rescaleSlope + first.rescaleIntercept;
  const scalars = plan.resample ? resampleStack(stacked, stack, plan.grid, Math.min(range[0], paddingHu ?? Infinity)) : stacked;
  const window = defaultWindow(first, scalars);
  const warnings = [...stack.warnings];
  if (clamped > 0) warnings.push(`${clamped} voxels outside the 16-bit range were clamped`);

  return {
    seriesId: series.id,
    seriesInstanceUID: series.seriesInstanceUID,
    seriesNumber: series.seriesNumber,
    description: series.description,
    dimensions: plan.grid.dimensions,
    spacing: plan.grid.spacing,
    origin: plan.grid.origin,
    axes: plan.grid.axes,
    scalars,
    huRange: plan.resample ? valueRange(scalars) : range,
    windowCenter: window.center,
    windowWidth: window.width,
    windowFromTags: window.fromTags,
    photometricInterpretation: first.photometricInterpretation,
    pixelPaddingHu: paddingHu,
    warnings,
    corrections: plan.corrections,
    modalityLut: describeLut(lutModes, first, verifiedBy),
  };
}

/**
 * Copies one slice into the stack as HU: as read, after the modality LUT the reader skipped, or after
 * undoing the reader's MONOCHROME1 inversion (HU never depend on the display polarity). Returns clamped count.
 */
function copyAsHu(slice: ArrayLike<number>, target: HuArray, offset: number, mode: LutMode, header: SliceHeader): number {
  const { rescaleSlope: slope, rescaleIntercept: intercept } = header;
  const invert = storedInversion(header);
  const toHu: (value: number) => number =
    mode === 'apply-here'
      ? (value) => value * slope + intercept
      : mode === 'reader-inverted'
        ? (value) => invert(Math.round((value - intercept) / slope)) * slope + intercept
        : (value) => value;
  const isInt = target instanceof Int16Array;
  let clamped = 0;
  for (let index = 0; index < slice.length; index++) {
    let hu = toHu(slice[index]!);
    if (isInt) {
      if (hu > 32767 || hu < -32768) {
        clamped++;
        hu = hu > 0 ? 32767 : -32768;
      }
      target[offset + index] = Math.round(hu);
    } else {
      target[offset + index] = hu;
    }
  }
  return clamped;
}

function describeLut(modes: Set<LutMode>, first: SliceHeader, verifiedBy: string[]): string {
  const lut = `HU = stored × ${first.rescaleSlope} + ${first.rescaleIntercept}`;
  if (modes.size === 0) return `${lut} (not verified: compressed pixel data)`;
  const who = modes.has('apply-here')
    ? 'applied by the viewer'
    : modes.has('reader-inverted')
      ? "applied by the reader after a MONOCHROME1 inversion, which the viewer undid"
      : 'applied by the reader';
  return `${lut}, ${who}, verified against stored values of ${verifiedBy.join(', ')}`;
}
