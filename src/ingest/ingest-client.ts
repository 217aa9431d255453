import { transfer } from 'comlink';
import { ChunkStream } from './chunk-stream';
import type { ChunkFiles } from './ingest-worker-api';
import { indexHeaders } from '../dicom/index-study';
import { nextTask } from '../runtime/next-task';
import { type StudyIndex, type StudyIndexSummary, summarizeIndex } from '../dicom/series-types';
import type { SliceHeader, SkippedFile } from '../dicom/types';
import type { PhantomOptions } from '../phantom/phantom';
import { sourceFromFile } from '../sources/browser-files';
import { type ChunkTally, completeVolume, describeVolume } from '../volume/assemble-volume';
import { planBuild, progressiveOrder } from '../volume/build-plan';
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
  /**
   * Resolves once the first slices (handed over by onStart + onSlices) are drawn; the rest is read
   * after that. On a machine with few cores, readers running meanwhile only delay the first image.
   */
  firstShown?(): Promise<void>;
  /** Slices [start, start + count) of the started volume now hold their voxels. */
  onSlices?(start: number, count: number): void;
  onProgress?: ProgressCallback;
}

/**
 * Files per header job, at most: enough to amortise a message, few enough to keep every worker busy
 * and the task that posts them short (posting a File is costly the first time).
 */
const HEADER_BATCH = 32;
/**
 * Header jobs handed to a worker at once: the page posts the next batch while the worker reads the
 * current one, so a large index is done sooner than with one.
 */
const HEADER_JOBS_IN_FLIGHT = 2;
/** Chunks handed to a worker at once: the next one's files are read while the current one is decoded. */
const JOBS_PER_WORKER = 2;
/** Header jobs per worker, at least, so a slow file does not leave the other workers idle at the end. */
const HEADER_JOBS_PER_WORKER = 3;

/**
 * Main-thread side of ingest: the study index lives here (it is small), the heavy work runs on a
 * pool of workers: header parsing in batches, pixel reading in chunks of sorted slices that are
 * copied into one preallocated buffer as they land, the middle of the stack first.
 */
export class IngestClient {
  private readonly pool = new IngestWorkerPool();
  private files = new Map<string, File>();
  private index: StudyIndex | null = null;
  private warm: Promise<void> | null = null;
  private jobs = 0;

  /**
   * Loads the DICOM reader into every worker while the user is still choosing files; a load that
   * starts earlier simply finds some workers cold. Resolves when all are warm (failures are left
   * for the first read to report).
   */
  warmUp(): Promise<void> {
    this.warm ??= this.pool.each((api) => api.warmUp()).catch(() => undefined);
    return this.warm;
  }

  indexFiles(files: File[], onProgress?: ProgressCallback): Promise<StudyIndexSummary> {
    return this.usingWorkers(() => this.indexWith(files, onProgress));
  }

  private async indexWith(files: File[], onProgress?: ProgressCallback): Promise<StudyIndexSummary> {
    const batchSize = Math.max(1, Math.min(HEADER_BATCH, Math.ceil(files.length / (this.pool.size * HEADER_JOBS_PER_WORKER))));
    const batches: File[][] = [];
    for (let i = 0; i < files.length; i += batchSize) batches.push(files.slice(i, i + batchSize));
    const headers: SliceHeader[] = [];
    const skipped: SkippedFile[] = [];
    let done = 0;
    await this.pool.forEach(
      batches,
      async (batch, api) => {
        const result = await api.parseHeaders(batch);
        headers.push(...result.headers);
        skipped.push(...result.skipped);
        done += batch.length;
        onProgress?.(done, files.length);
      },
      HEADER_JOBS_IN_FLIGHT,
    );
    // Grouping thousands of headers gets a task of its own, apart from the last batch's message.
    await nextTask();
    skipped.sort((a, b) => a.file.localeCompare(b.file));
    this.files = new Map(files.map((file) => [sourceFromFile(file).name, file]));
    this.index = indexHeaders(headers, skipped);
    return summarizeIndex(this.index, files.length);
  }

  indexSample(options: PhantomOptions = {}): Promise<StudyIndexSummary> {
    return this.usingWorkers(async () => this.indexWith(await this.pool.first.generateSample(options)));
  }

  /**
   * A chunk's files, read here and transferred to the worker that decodes them. A worker cannot read
   * its next files while it decodes (its thread drains the browser's file pipes, and decoding holds
   * it), so its reads and its decoding would take turns; here the next chunks' reads go on meanwhile.
   */
  private async readWholeFiles(headers: SliceHeader[]): Promise<ChunkFiles> {
    return Promise.all(
      headers.map(async (header) => {
        const file = this.files.get(header.file);
        if (!file) throw new Error(`${header.file}: file is no longer available`);
        try {
          return await file.arrayBuffer();
        } catch (error) {
          throw new Error(`${header.file}: could not be read (${error instanceof Error ? error.message : String(error)})`);
        }
      }),
    );
  }

  /**
   * Reads a series into a volume. Once it is built, and no other job needs them, the workers are
   * replaced: a wasm heap never shrinks, and a worker that has decoded a series keeps its high-water
   * heap and the collector's backlog of file and image copies (for a typical CT series, more than the
   * volume itself). `warmUp` readies the new ones.
   */
  async build(seriesId: string, callbacks: BuildCallbacks = {}, gpu?: GpuTextureLimits): Promise<BuiltVolume> {
    const built = await this.usingWorkers(() => this.buildWith(seriesId, callbacks, gpu));
    if (this.jobs === 0) {
      this.pool.reset();
      this.warm = null;
    }
    return built;
  }

  /** Counts the jobs using the pool, so that it is never replaced under one of them. */
  private async usingWorkers<T>(job: () => Promise<T>): Promise<T> {
    this.jobs++;
    try {
      return await job();
    } finally {
      this.jobs--;
    }
  }

  private async buildWith(seriesId: string, callbacks: BuildCallbacks, gpu?: GpuTextureLimits): Promise<BuiltVolume> {
    const series = this.index?.series.find((s) => s.id === seriesId);
    if (!series) throw new Error(`series ${seriesId} is not in the loaded files`);
    const plan = planBuild(series);
    // Sorting and checking thousands of slices, then allocating their stack: two tasks, not one.
    await nextTask();
    const sliceCount = plan.stack.slices.length;
    // A resampled stack is only right once complete; a regular one can be shown slab by slab.
    const progressive = !plan.grid.resample;
    const factor = gpu ? displayFactor(plan.grid.grid.dimensions, plan.useFloat ? 4 : gpu.bytesPerVoxel, gpu) : 1;
    const stream = new ChunkStream(
      plan,
      progressive ? factor : 1,
      (headers) => this.readWholeFiles(headers),
      (slicesRead) => callbacks.onProgress?.(slicesRead, sliceCount),
    );
    const { stacked, tally } = stream;
    let shown: BuiltVolume | null = null;

    const [first, ...rest] = progressiveOrder(sliceCount);
    if (first) {
      if (progressive) {
        // The readers wait while the first slices are decoded and drawn; the files they decode next are
        // read meanwhile, once the first slices' own files are in. Starting a read costs the page time
        // per file: paid while the worker decodes, not between the first slices' arrival and their frame.
        await stream.prefetch(first);
        for (const chunk of rest.slice(0, this.pool.size * JOBS_PER_WORKER)) stream.prefetch(chunk);
      }
      await this.pool.forEach([first], stream.read);
      if (progressive) {
        shown = startVolume(plan, stacked, tally, stream.slicesOf(first), factor, stream.reducedStack);
        callbacks.onStart?.(shown.volume, shown.gpuVolume);
        callbacks.onSlices?.(first.start, first.count);
        await callbacks.firstShown?.();
      }
    }
    await this.pool.forEach(
      rest,
      async (chunk, api) => {
        await stream.read(chunk, api);
        if (progressive) callbacks.onSlices?.(chunk.start, chunk.count);
      },
      JOBS_PER_WORKER,
    );

    // A slice that failed leaves a gap the shown stack does not have: the volume is planned anew without it.
    if (shown && tally.failed.length === 0) {
      const { volume, gpuVolume } = shown as BuiltVolume;
      const final = describeVolume(plan, stacked, tally, [tally.min, tally.max], stacked);
      completeVolume(volume, final);
      gpuVolume.huRange = final.huRange;
      return { volume, gpuVolume };
    }
    // A shown stack stays with the views until the volume replaces it: copied to the worker, not moved.
    const sent = stream.shared || shown ? stacked : transfer(stacked, [stacked.buffer]);
    const volume = await this.pool.first.assemble(plan, sent, tally);
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
  tally: ChunkTally,
  firstChunk: CtVolume['scalars'],
  factor: number,
  reducedStack: CtVolume['scalars'] | null,
): BuiltVolume {
  const volume = describeVolume(plan, stacked, tally, [tally.min, tally.max], firstChunk);
  return { volume, gpuVolume: gpuCopy(volume, factor, reducedStack ?? undefined) };
}
