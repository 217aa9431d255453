import { DicomError } from '../dicom/dicom-error';
import { sourceKey } from '../dicom/frame-headers';
import type { SeriesEntry } from '../dicom/series-types';
import type { SourceFile } from '../sources/source-file';
import { addChunk, allocateStack, assembleVolume, emptyTally } from './assemble-volume';
import { DEFAULT_CHUNK_SLICES, planBuild } from './build-plan';
import type { CtVolume } from './ct-volume';
import { type SliceInput, type SlicePixelReader, readChunkAsHu } from './read-chunk';

export type { SliceInput, SlicePixelReader } from './read-chunk';

export interface BuildOptions {
  /** Slices per reader call; one call's wasm heap holds only this many. */
  chunkSlices?: number;
  onProgress?: (slicesRead: number, sliceCount: number) => void;
}

/**
 * Builds one series into a verified HU volume on a regular grid in world space, chunk after chunk in
 * one thread (Node, CLI). The browser runs the same plan / chunk / assemble steps over a worker pool.
 */
export async function buildVolume(
  series: SeriesEntry,
  sources: ReadonlyMap<string, SourceFile>,
  reader: SlicePixelReader,
  options: BuildOptions = {},
): Promise<CtVolume> {
  const plan = planBuild(series, options.chunkSlices ?? DEFAULT_CHUNK_SLICES);
  const inputs = sliceInputs(plan.stack.slices, sources);
  const stacked = allocateStack(plan);
  const tally = emptyTally();
  for (const { start, count } of plan.chunks) {
    const chunk = await readChunkAsHu(start, inputs.slice(start, start + count), { ...plan.stack, ...plan }, reader, {
      values: stacked,
    });
    addChunk(tally, chunk, count);
    options.onProgress?.(tally.slicesRead, inputs.length);
  }
  return assembleVolume(plan, stacked, tally);
}

export function sliceInputs(slices: SeriesEntry['slices'], sources: ReadonlyMap<string, SourceFile>): SliceInput[] {
  return slices.map((header) => {
    const source = sources.get(sourceKey(header));
    if (!source) throw new DicomError('file is no longer available', header.file);
    return { header, source };
  });
}
