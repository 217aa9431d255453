import type { StudyIndexSummary } from '../src/dicom/series-types';
import type { PhantomOptions } from '../src/sample/phantom';
import type { CtVolume } from '../src/volume/ct-volume';

export type ProgressCallback = (done: number, total: number) => void;

/** The ingest worker's API, called through comlink. Sources stay in the worker between calls. */
export interface IngestApi {
  /** Indexes browser files (headers only) and keeps them for `build`. */
  indexFiles(files: File[], onProgress?: ProgressCallback): Promise<StudyIndexSummary>;
  /** Generates the CT phantom sample (Part 10 files in memory) and indexes it. */
  indexSample(options?: PhantomOptions): Promise<StudyIndexSummary>;
  /** Builds one series; the voxel buffer is transferred to the caller, not copied. */
  build(seriesId: string, onProgress?: ProgressCallback): Promise<CtVolume>;
}
