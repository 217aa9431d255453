import type { LutMode } from '../dicom/modality-lut';
import { type BuildPlan, planWithout } from './build-plan';
import type { CtVolume, HuArray } from './ct-volume';
import type { ChunkResult, FailedSlice } from './read-chunk';
import { resampleStack } from './resample-stack';
import { valueRange } from './value-range';
import { defaultWindow } from './window-defaults';
import { lossySeriesWarning } from '../dicom/lossy-compression';

/** What the chunks said about values, folded as they arrive (in any order). */
export interface ChunkTally {
  lutModes: LutMode[];
  verifiedFile: string | null;
  clamped: number;
  min: number;
  max: number;
  slicesRead: number;
  /** Slices that could not be read, in the order the chunks reported them. */
  failed: FailedSlice[];
}

export function emptyTally(): ChunkTally {
  return { lutModes: [], verifiedFile: null, clamped: 0, min: Infinity, max: -Infinity, slicesRead: 0, failed: [] };
}

export function addChunk(tally: ChunkTally, chunk: Omit<ChunkResult, 'values'>, sliceCount: number): void {
  if (chunk.lutMode && !tally.lutModes.includes(chunk.lutMode)) tally.lutModes.push(chunk.lutMode);
  tally.verifiedFile ??= chunk.verifiedFile;
  tally.clamped += chunk.clamped;
  tally.min = Math.min(tally.min, chunk.min);
  tally.max = Math.max(tally.max, chunk.max);
  tally.slicesRead += sliceCount;
  tally.failed.push(...chunk.failed);
}

export function allocateStack(plan: BuildPlan): HuArray {
  const length = plan.stack.columns * plan.stack.rows * plan.stack.slices.length;
  return plan.useFloat ? new Float32Array(length) : new Int16Array(length);
}

/**
 * The volume on its regular grid: the stacked slices themselves, or their resampling (tilt, variable
 * spacing, gaps). Slices that failed are planned out first, their places gaps like missing slices.
 */
export function assembleVolume(read: BuildPlan, readStack: HuArray, tally: ChunkTally): CtVolume {
  const { plan, stacked } =
    tally.failed.length > 0 ? withoutFailedSlices(read, readStack, tally.failed) : { plan: read, stacked: readStack };
  const first = plan.stack.slices[0]!;
  const paddingHu =
    first.pixelPaddingValue === null ? null : first.pixelPaddingValue * first.rescaleSlope + first.rescaleIntercept;
  const fill = Math.min(tally.min, paddingHu ?? Infinity);
  const scalars = plan.grid.resample ? resampleStack(stacked, plan.stack, plan.grid.grid, fill) : stacked;
  return describeVolume(plan, scalars, tally, plan.grid.resample ? valueRange(scalars) : [tally.min, tally.max]);
}

/** The stack without its failed slices, and the plan for what is left. */
function withoutFailedSlices(plan: BuildPlan, stacked: HuArray, failed: FailedSlice[]): { plan: BuildPlan; stacked: HuArray } {
  const kept = planWithout(plan, failed);
  const planeSize = plan.stack.columns * plan.stack.rows;
  const readIndex = new Map(plan.stack.slices.map((slice, index) => [slice.file, index]));
  const compact = plan.useFloat
    ? new Float32Array(planeSize * kept.stack.slices.length)
    : new Int16Array(planeSize * kept.stack.slices.length);
  kept.stack.slices.forEach((slice, index) => {
    const from = readIndex.get(slice.file)!;
    compact.set(stacked.subarray(from * planeSize, (from + 1) * planeSize), index * planeSize);
  });
  return { plan: kept, stacked: compact };
}

/**
 * Volume metadata over given scalars, which may still be filling during a progressive load: then
 * `windowSample` (a chunk already read) stands in for the data when the tags give no window.
 */
export function describeVolume(
  plan: BuildPlan,
  scalars: HuArray,
  tally: ChunkTally,
  huRange: [number, number],
  windowSample: HuArray = scalars,
): CtVolume {
  const first = plan.stack.slices[0]!;
  const window = defaultWindow(first, windowSample, huRange);
  const warnings = [...plan.stack.warnings];
  const lossy = lossySeriesWarning(plan.stack.slices);
  if (lossy) warnings.push(lossy);
  for (const left of [...(plan.series.excluded ?? []), ...tally.failed]) warnings.push(`left out ${left.file}: ${left.reason}`);
  if (tally.clamped > 0) warnings.push(`${tally.clamped} voxels outside the 16-bit range were clamped`);
  const { grid } = plan.grid;
  return {
    seriesId: plan.series.id,
    seriesInstanceUID: plan.series.seriesInstanceUID,
    seriesNumber: plan.series.seriesNumber,
    description: plan.series.description,
    dimensions: grid.dimensions,
    spacing: grid.spacing,
    origin: grid.origin,
    axes: grid.axes,
    scalars,
    huRange,
    windowCenter: window.center,
    windowWidth: window.width,
    windowFromTags: window.fromTags,
    photometricInterpretation: first.photometricInterpretation,
    pixelPaddingHu:
      first.pixelPaddingValue === null ? null : first.pixelPaddingValue * first.rescaleSlope + first.rescaleIntercept,
    warnings,
    corrections: plan.grid.corrections,
    modalityLut: describeLut(tally, first),
  };
}

/** What a streamed volume only knows once every chunk has landed. */
export type FinalVolumeMetadata = Pick<CtVolume, 'huRange' | 'modalityLut' | 'warnings'>;

/**
 * Completes a volume that was shown while it streamed (described from its first chunk) with what the
 * whole tally says (`final`, from describeVolume once the last chunk is in). Updates `shown` itself,
 * not a copy: the views already hold that object. Its warnings become the final ones, followed by
 * those added to it since it was described (the GPU copy's reduction); its window is left as it was.
 */
export function completeVolume(shown: CtVolume, final: FinalVolumeMetadata): void {
  const warnings = [...final.warnings, ...shown.warnings.filter((w) => !final.warnings.includes(w))];
  shown.huRange = final.huRange;
  shown.modalityLut = final.modalityLut;
  shown.warnings = warnings;
}

function describeLut(tally: ChunkTally, first: BuildPlan['stack']['slices'][number]): string {
  const lut = `HU = stored × ${first.rescaleSlope} + ${first.rescaleIntercept}`;
  if (tally.lutModes.length === 0) return `${lut} (not verified: compressed pixel data)`;
  const who = tally.lutModes.includes('apply-here')
    ? 'applied by the viewer'
    : tally.lutModes.includes('reader-inverted')
      ? 'applied by the reader after a MONOCHROME1 inversion, which the viewer undid'
      : 'applied by the reader';
  return `${lut}, ${who}, verified against stored values of ${tally.verifiedFile}`;
}
