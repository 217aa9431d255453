import type { SliceHeader, SkippedFile } from '../src/dicom/types';
import type { PhantomOptions } from '../src/sample/phantom';
import type { ChunkTally } from '../src/volume/assemble-volume';
import type { BuildPlan } from '../src/volume/build-plan';
import type { CtVolume, HuArray } from '../src/volume/ct-volume';
import type { ChunkFormat, ChunkResult } from '../src/volume/read-chunk';

export interface HeaderBatch {
  headers: SliceHeader[];
  skipped: SkippedFile[];
}

/**
 * One ingest worker's API, called through comlink by the pool on the main thread. Workers hold no
 * state between calls, so any of them can take any job and a failed one is simply replaced.
 */
export interface IngestWorkerApi {
  /** Headers only (never pixel data) of a batch of files. */
  parseHeaders(files: File[]): Promise<HeaderBatch>;
  /** The CT phantom sample as Part 10 files, generated off the main thread. */
  generateSample(options: PhantomOptions): Promise<File[]>;
  /** One run of sorted slices read by itk-wasm, checked and returned as HU (buffer transferred). */
  readChunk(start: number, files: File[], headers: SliceHeader[], format: ChunkFormat): Promise<ChunkResult>;
  /** Resampling onto the regular grid (tilt, variable spacing, gaps); buffers transferred both ways. */
  assemble(plan: BuildPlan, stacked: HuArray, tally: ChunkTally): Promise<CtVolume>;
}
