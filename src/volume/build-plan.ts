import { DicomError } from '../dicom/dicom-error';
import { analyzeStack, type StackGeometry } from '../dicom/geometry';
import { needsFloat } from '../dicom/modality-lut';
import type { SeriesSummary } from '../dicom/series-types';
import type { SeriesEntry } from '../dicom/series-types';
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
  /** Rescale tags differ between slices, so every slice's modality LUT is checked, not one per chunk. */
  slopesVary: boolean;
  chunks: SliceChunk[];
}

export const DEFAULT_CHUNK_SLICES = 16;

export function planBuild(series: SeriesEntry, chunkSlices = DEFAULT_CHUNK_SLICES): BuildPlan {
  if (!series.isVolume) throw new DicomError(`series ${series.seriesNumber ?? series.id} is not a volume: ${series.reason}`);
  const stack = analyzeStack(series.slices);
  const chunks: SliceChunk[] = [];
  for (let start = 0; start < stack.slices.length; start += chunkSlices) {
    chunks.push({ start, count: Math.min(chunkSlices, stack.slices.length - start) });
  }
  const { slices: _slices, ...summary } = series;
  return {
    series: summary,
    stack,
    grid: planGrid(stack),
    useFloat: needsFloat(stack.slices),
    slopesVary: new Set(stack.slices.map((s) => `${s.rescaleSlope}/${s.rescaleIntercept}`)).size > 1,
    chunks,
  };
}

/** The chunk holding the middle slice first, then outwards: the slice views open in the middle. */
export function middleOutOrder(chunks: SliceChunk[]): SliceChunk[] {
  const middle = Math.floor((chunks.length - 1) / 2);
  const ordered: SliceChunk[] = [];
  for (let step = 0; ordered.length < chunks.length; step++) {
    for (const index of step === 0 ? [middle] : [middle + step, middle - step]) {
      const chunk = chunks[index];
      if (chunk) ordered.push(chunk);
    }
  }
  return ordered;
}
