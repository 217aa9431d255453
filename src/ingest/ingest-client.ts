import { transfer } from 'comlink';
import { indexHeaders } from '../dicom/index-study';
import { type StudyIndex, type StudyIndexSummary, summarizeIndex } from '../dicom/series-types';
import type { SliceHeader, SkippedFile } from '../dicom/types';
import type { PhantomOptions } from '../sample/phantom';
import { sourceFromFile } from '../sources/browser-files';
import { addChunk, allocateStack, describeVolume, emptyTally } from '../volume/assemble-volume';
import { middleOutOrder, planBuild } from '../volume/build-plan';
import type { CtVolume } from '../volume/ct-volume';
import { IngestWorkerPool } from './worker-pool';

export type ProgressCallback = (done: number, total: number) => void;

export interface BuildCallbacks {
  /** Part of a regular stack has landed: the volume can be shown while the rest fills in. */
  onStart?(volume: CtVolume): void;
  /** Slices [start, start + count) of the started volume now hold their voxels. */
  onSlices?(start: number, count: number): void;
  onProgress?: ProgressCallback;
}

/** Files per header job: enough to amortise a message, few enough to keep both workers busy. */
const HEADER_BATCH = 48;

/**
 * Main-thread side of ingest: the study index lives here (it is small), the heavy work runs on a
 * pool of workers: header parsing in batches, pixel reading in chunks of sorted slices that are
 * copied into one preallocated buffer as they land, the middle of the stack first.
 */
export class IngestClient {
  private readonly pool = new IngestWorkerPool();
  private files = new Map<string, File>();
  private index: StudyIndex | null = null;

  async indexFiles(files: File[], onProgress?: ProgressCallback): Promise<StudyIndexSummary> {
    const batches: File[][] = [];
    for (let i = 0; i < files.length; i += HEADER_BATCH) batches.push(files.slice(i, i + HEADER_BATCH));
    const headers: SliceHeader[] = [];
    const skipped: SkippedFile[] = [];
    let done = 0;
    await this.pool.forEach(batches, async (batch, api) => {
      const result = await api.parseHeaders(batch);
      headers.push(...result.headers);
      skipped.push(...result.skipped);
      done += batch.length;
      onProgress?.(done, files.length);
    });
    skipped.sort((a, b) => a.file.localeCompare(b.file));
    this.files = new Map(files.map((file) => [sourceFromFile(file).name, file]));
    this.index = indexHeaders(headers, skipped);
    return summarizeIndex(this.index, files.length);
  }

  async indexSample(options: PhantomOptions = {}): Promise<StudyIndexSummary> {
    const files = await this.pool.first.generateSample(options);
    return this.indexFiles(files);
  }

  async build(seriesId: string, callbacks: BuildCallbacks = {}): Promise<CtVolume> {
    const series = this.index?.series.find((s) => s.id === seriesId);
    if (!series) throw new Error(`series ${seriesId} is not in the loaded files`);
    const plan = planBuild(series);
    const stacked = allocateStack(plan);
    const tally = emptyTally();
    const planeSize = plan.stack.columns * plan.stack.rows;
    const format = { columns: plan.stack.columns, rows: plan.stack.rows, useFloat: plan.useFloat, slopesVary: plan.slopesVary };
    // A resampled stack is only right once complete; a regular one can be shown slab by slab.
    const progressive = !plan.grid.resample;
    let shown: CtVolume | null = null;

    await this.pool.forEach(middleOutOrder(plan.chunks), async ({ start, count }, api) => {
      const headers = plan.stack.slices.slice(start, start + count);
      const files = headers.map((header) => {
        const file = this.files.get(header.file);
        if (!file) throw new Error(`${header.file}: file is no longer available`);
        return file;
      });
      const chunk = await api.readChunk(start, files, headers, format);
      stacked.set(chunk.values, start * planeSize);
      addChunk(tally, chunk, count);
      if (progressive) {
        shown ??= startVolume(plan, stacked, tally, chunk.values, callbacks);
        callbacks.onSlices?.(start, count);
      }
      callbacks.onProgress?.(tally.slicesRead, plan.stack.slices.length);
    });

    if (shown) {
      const final = describeVolume(plan, stacked, tally, [tally.min, tally.max], stacked);
      return Object.assign(shown as CtVolume, { huRange: final.huRange, warnings: final.warnings, modalityLut: final.modalityLut });
    }
    return this.pool.first.assemble(plan, transfer(stacked, [stacked.buffer]), tally);
  }
}

function startVolume(
  plan: ReturnType<typeof planBuild>,
  stacked: CtVolume['scalars'],
  tally: ReturnType<typeof emptyTally>,
  firstChunk: CtVolume['scalars'],
  callbacks: BuildCallbacks,
): CtVolume {
  const volume = describeVolume(plan, stacked, tally, [tally.min, tally.max], firstChunk);
  callbacks.onStart?.(volume);
  return volume;
}
