import { DicomError } from '../dicom/dicom-error';
import { analyzeStack, analyzeStackWithout, type StackGeometry } from '../dicom/geometry';
import { needsFloat } from '../dicom/modality-lut';
import type { SeriesEntry, SeriesSummary } from '../dicom/series-types';
import type { SkippedFile } from '../dicom/types';
import { type GridPlan, planGrid } from './resample-stack';

export interface SliceChunk {
  /** Index of the chunk's first slice in the sorted stack. */
  start: number;
  count: number;
}

/** Everything decided from headers before any pixel is read; plain data, so it can cross to workers. */
export interface BuildPlan {
  series: SeriesSummary;
  stack: StackGeometry;
  grid: GridPlan;
  useFloat: boolean;
  chunks: SliceChunk[];
}

/**
 * Slices per itk-wasm call. Each call leaves three copies of its files and image (file reads, the
 * pipeline's in-memory files, its output) for the worker's collector; 8 slices of 512×512 keep that
 * garbage small (a lower peak than 16) at the same speed; 4 is slower.
 */
export const DEFAULT_CHUNK_SLICES = 8;

export function planBuild(series: SeriesEntry, chunkSlices = DEFAULT_CHUNK_SLICES): BuildPlan {
  if (!series.isVolume) throw new DicomError(`series ${series.seriesNumber ?? series.id} is not a volume: ${series.reason}`);
  const { slices, ...summary } = series;
  return planStack(summary, analyzeStack(slices), chunkSlices);
}

/**
 * The plan once some slices turned out unreadable while the volume was read: the stack without them,
 * their places gaps like missing slices. Fails, naming them, when fewer than two slices are left.
 */
export function planWithout(plan: BuildPlan, failed: readonly SkippedFile[]): BuildPlan {
  const files = new Set(failed.map((slice) => slice.file));
  const left = plan.stack.slices.length - plan.stack.slices.filter((slice) => files.has(slice.file)).length;
  if (left < 2) {
    const named = failed
      .slice(0, 3)
      .map((slice) => `${slice.file}: ${slice.reason}`)
      .join('; ');
    throw new DicomError(
      `${failed.length} of ${plan.stack.slices.length} slices could not be read, too few are left for a volume (${named}${failed.length > 3 ? '; …' : ''})`,
    );
  }
  // The stack read so far keeps its type, whatever the slices left would need.
  const kept = planStack(plan.series, analyzeStackWithout(plan.stack, files), plan.chunks[0]?.count ?? DEFAULT_CHUNK_SLICES);
  return { ...kept, useFloat: plan.useFloat };
}

function planStack(series: SeriesSummary, stack: StackGeometry, chunkSlices: number): BuildPlan {
  const chunks: SliceChunk[] = [];
  for (let start = 0; start < stack.slices.length; start += chunkSlices) {
    chunks.push({ start, count: Math.min(chunkSlices, stack.slices.length - start) });
  }
  return { series, stack, grid: planGrid(stack), useFloat: needsFloat(stack.slices), chunks };
}

/**
 * Reading order of a progressive load: first the one or two slices the axial view opens on (the
 * middle of the stack), alone, so the first image waits for two files rather than a whole chunk;
 * then chunks of `chunkSlices` outwards from there, alternating above and below.
 */
export function progressiveOrder(sliceCount: number, chunkSlices = DEFAULT_CHUNK_SLICES): SliceChunk[] {
  if (sliceCount <= 0) return [];
  const first = Math.floor((sliceCount - 1) / 2);
  const firstCount = Math.min(2 - (sliceCount % 2), sliceCount);
  const above: SliceChunk[] = [];
  for (let start = first + firstCount; start < sliceCount; start += chunkSlices) {
    above.push({ start, count: Math.min(chunkSlices, sliceCount - start) });
  }
  const below: SliceChunk[] = [];
  for (let end = first; end > 0; end -= chunkSlices) {
    const start = Math.max(0, end - chunkSlices);
    below.push({ start, count: end - start });
  }
  const order: SliceChunk[] = [{ start: first, count: firstCount }];
  for (let i = 0; i < Math.max(above.length, below.length); i++) {
    if (above[i]) order.push(above[i]!);
    if (below[i]) order.push(below[i]!);
  }
  return order;
}
