import { transfer } from 'comlink';
import { indexHeaders } from '../dicom/index-study';
import { type StudyIndex, type StudyIndexSummary, summarizeIndex } from '../dicom/series-types';
import type { SliceHeader, SkippedFile } from '../dicom/types';
import type { PhantomOptions } from '../sample/phantom';
import { sourceFromFile } from '../sources/browser-files';
import { addChunk, allocateStack, describeVolume, emptyTally } from '../volume/assemble-volume';
import { middleOutOrder, planBuild } from '../volume/build-plan';
import type { CtVolume } from '../volume/ct-volume';
import { type GpuTextureLimits, displayFactor, downsampleSlices, reducedVolume } from '../volume/display-downsample';
import { IngestWorkerPool } from './worker-pool';

export type ProgressCallback = (done: number, total: number) => void;

export interface BuildCallbacks {
  /**
   * Part of a regular stack has landed: the volume can be shown while the rest fills in. `gpuVolume`
   * is the copy sized for the GPU (the volume itself unless it exceeds the texture limits).
   */
  onStart?(volume: CtVolume, gpuVolume: CtVolume): void;
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

  async build(seriesId: string, callbacks: BuildCallbacks = {}, gpu?: GpuTextureLimits): Promise<BuiltVolume> {
    const series = this.index?.series.find((s) => s.id === seriesId);
    if (!series) throw new Error(`series ${seriesId} is not in the loaded files`);
    const plan = planBuild(series);
    const stacked = allocateStack(plan);
    const tally = emptyTally();
    const planeSize = plan.stack.columns * plan.stack.rows;
    // A resampled stack is only right once complete; a regular one can be shown slab by slab.
    const progressive = !plan.grid.resample;
    const factor = gpu ? displayFactor(plan.grid.grid.dimensions, plan.useFloat ? 4 : gpu.bytesPerVoxel, gpu) : 1;
    const format = {
      columns: plan.stack.columns,
      rows: plan.stack.rows,
      useFloat: plan.useFloat,
      slopesVary: plan.slopesVary,
      displayFactor: progressive ? factor : 1,
    };
    const reducedPlane = Math.ceil(plan.stack.columns / factor) * Math.ceil(plan.stack.rows / factor);
    const reducedStack = progressive && factor > 1 ? (plan.useFloat ? new Float32Array(reducedPlane * plan.stack.slices.length) : new Int16Array(reducedPlane * plan.stack.slices.length)) : null;
    let shown: BuiltVolume | null = null;

    await this.pool.forEach(middleOutOrder(plan.chunks), async ({ start, count }, api) => {
      const headers = plan.stack.slices.slice(start, start + count);
      const files = headers.map((header) => {
        const file = this.files.get(header.file);
        if (!file) throw new Error(`${header.file}: file is no longer available`);
        return file;
      });
      const chunk = await api.readChunk(start, files, headers, format);
      stacked.set(chunk.values, start * planeSize);
      if (reducedStack && chunk.reduced) reducedStack.set(chunk.reduced, start * reducedPlane);
      addChunk(tally, chunk, count);
      if (progressive) {
        shown ??= startVolume(plan, stacked, tally, chunk.values, factor, reducedStack, callbacks);
        callbacks.onSlices?.(start, count);
      }
      callbacks.onProgress?.(tally.slicesRead, plan.stack.slices.length);
    });

    if (shown) {
      const { volume, gpuVolume } = shown as BuiltVolume;
      const final = describeVolume(plan, stacked, tally, [tally.min, tally.max], stacked);
      Object.assign(volume, { huRange: final.huRange, modalityLut: final.modalityLut, warnings: [...final.warnings, ...volume.warnings.filter((w) => !final.warnings.includes(w))] });
      gpuVolume.huRange = final.huRange;
      return { volume, gpuVolume };
    }
    const volume = await this.pool.first.assemble(plan, transfer(stacked, [stacked.buffer]), tally);
    const resampledFactor = gpu ? displayFactor(volume.dimensions, plan.useFloat ? 4 : gpu.bytesPerVoxel, gpu) : 1;
    return { volume, gpuVolume: gpuCopy(volume, resampledFactor) };
  }
}

/** The volume, and the copy of it the GPU holds (the same object unless it had to be reduced). */
export interface BuiltVolume {
  volume: CtVolume;
  gpuVolume: CtVolume;
}

function gpuCopy(volume: CtVolume, factor: number, reduced?: CtVolume['scalars']): CtVolume {
  if (factor === 1) return volume;
  const [nx, ny, nz] = volume.dimensions;
  volume.warnings.push(
    `volume too large for the GPU texture limit: displayed at 1/${factor} in-plane resolution; HU read-outs use the full data`,
  );
  return reducedVolume(volume, reduced ?? downsampleSlices(volume.scalars, nx, ny, nz, factor), factor);
}

function startVolume(
  plan: ReturnType<typeof planBuild>,
  stacked: CtVolume['scalars'],
  tally: ReturnType<typeof emptyTally>,
  firstChunk: CtVolume['scalars'],
  factor: number,
  reducedStack: CtVolume['scalars'] | null,
  callbacks: BuildCallbacks,
): BuiltVolume {
  const volume = describeVolume(plan, stacked, tally, [tally.min, tally.max], firstChunk);
  const gpuVolume = gpuCopy(volume, factor, reducedStack ?? undefined);
  callbacks.onStart?.(volume, gpuVolume);
  return { volume, gpuVolume };
}
