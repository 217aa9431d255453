import { transfer } from 'comlink';
import { ChunkStream } from './chunk-stream';
import { nextChunk } from './next-chunk';
import type { ChunkFiles, HeaderInput } from './ingest-worker-api';
import { openFileInputs } from './header-inputs';
import { type DicomdirListing, applyDicomdirs } from '../dicom/dicomdir';
import { indexHeaders } from '../dicom/index-study';
import { nextTask } from '../runtime/next-task';
import { type StudyIndex, type StudyIndexSummary, summarizeIndex } from '../dicom/series-types';
import { sourceKey } from '../dicom/frame-headers';
import type { SliceHeader, SkippedFile } from '../dicom/types';
import type { PhantomOptions } from '../phantom/phantom';
import { type FileStreamer, type StreamedFiles, UnreadableFileError } from '../sources/source-file';
import { completeVolume, describeVolume } from '../volume/assemble-volume';
import { type SliceChunk, planBuild, progressiveOrder } from '../volume/build-plan';
import type { CtVolume } from '../volume/ct-volume';
import type { Image2d } from '../volume/image-2d';
import { type Images2d, images2dOf } from '../volume/image-2d-series';
import { type GpuTextureLimits, displayFactor } from '../volume/display-downsample';
import { IngestWorkerPool } from './worker-pool';
import type { HeaderTree } from '../dicom/header-tree';
import { readHeaderTreeOf } from './header-tree-read';
import { LoadActivity } from './load-activity';
import { middleSlice } from '../dicom/middle-slice';

import type { BuildCallbacks, BuiltVolume, ProgressCallback, WholeFileReader } from './ingest-types';
import { frameBytes, gpuCopy, startVolume } from './volume-start';

export type { BuildCallbacks, BuiltVolume, ByteRange, ProgressCallback, WholeFileReader } from './ingest-types';

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
 * Voxel bytes a build must have decoded for its workers to be replaced after it (see build): a CT
 * series of 512×512 slices passes it from 64 slices on.
 */
export const REPLACE_WORKERS_AFTER_BYTES = 32 * 2 ** 20;

function stackBytes(volume: CtVolume): number {
  return volume.scalars.byteLength;
}

/**
 * Main-thread side of ingest: the study index lives here (it is small), the heavy work runs on a
 * pool of workers: header parsing in batches, pixel reading in chunks of sorted slices that are
 * copied into one preallocated buffer as they land, the middle of the stack first.
 */
export class IngestClient {
  private readonly pool = new IngestWorkerPool();
  private files = new Map<string, WholeFileReader>();
  /** Where the indexed source can read many files at once (a DICOMweb study), what does it. */
  private streamFiles: FileStreamer | null = null;
  private index: StudyIndex | null = null;
  private warm: Promise<void> | null = null;
  private jobs = 0;
  /** Indexes, builds and 2D reads in flight (the App adds its whole loads): what thumbnails wait for. */
  readonly loads = new LoadActivity();

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
    return this.loads.during(() => this.usingWorkers(() => this.indexWith(files, onProgress)));
  }

  /** `files` may include `.zip` archives: their entries are indexed as files (see openFileInputs). */
  private async indexWith(files: File[], onProgress?: ProgressCallback): Promise<StudyIndexSummary> {
    const opened = await openFileInputs(files, (archive, name) => this.pool.first.listZip(archive, name));
    const { inputs } = opened;
    const batchSize = Math.max(1, Math.min(HEADER_BATCH, Math.ceil(inputs.length / (this.pool.size * HEADER_JOBS_PER_WORKER))));
    const batches: HeaderInput[][] = [];
    for (let i = 0; i < inputs.length; i += batchSize) batches.push(inputs.slice(i, i + batchSize));
    const headers: SliceHeader[] = [];
    const skipped: SkippedFile[] = [...opened.skipped];
    const dicomdirs: DicomdirListing[] = [];
    let done = 0;
    await this.pool.forEach(
      batches,
      async (batch, api) => {
        const result = await api.parseHeaders(batch);
        headers.push(...result.headers);
        skipped.push(...result.skipped);
        dicomdirs.push(...result.dicomdirs);
        done += batch.length;
        onProgress?.(done, inputs.length);
      },
      HEADER_JOBS_IN_FLIGHT,
    );
    // Grouping thousands of headers gets a task of its own, apart from the last batch's message.
    await nextTask();
    skipped.sort((a, b) => a.file.localeCompare(b.file));
    const read = applyDicomdirs(dicomdirs, opened.readers.keys(), skipped);
    this.files = opened.readers;
    this.streamFiles = null;
    this.index = indexHeaders(headers, read.skipped, read.notices);
    return summarizeIndex(this.index, inputs.length);
  }

  /**
   * An index from headers read elsewhere (a server's metadata), with a reader for each file they
   * name; `total` is the number of files the source offered, skipped ones included. `streamFiles`,
   * where the source has one, reads a build's files after its first slices (see buildWith).
   */
  async indexKnownHeaders(
    headers: SliceHeader[],
    skipped: SkippedFile[],
    readers: Map<string, WholeFileReader>,
    total: number,
    streamFiles?: FileStreamer,
  ): Promise<StudyIndexSummary> {
    await nextTask();
    this.files = new Map(readers);
    this.streamFiles = streamFiles ?? null;
    this.index = indexHeaders(
      headers,
      [...skipped].sort((a, b) => a.file.localeCompare(b.file)),
    );
    return summarizeIndex(this.index, total);
  }

  indexSample(options: PhantomOptions = {}): Promise<StudyIndexSummary> {
    return this.loads.during(() => this.usingWorkers(async () => this.indexWith(await this.pool.first.generateSample(options))));
  }

  /** The images a series that is not a volume shows in 2D, and the one to show first (see images2dOf). */
  images2d(seriesId: string): Images2d {
    if (!this.index) throw new Error('no files are loaded');
    return images2dOf(this.index, seriesId);
  }

  /** Decodes one of those images in a worker: its file is read here and moved there, its pixels moved back. */
  readImage2d(header: SliceHeader): Promise<Image2d> {
    return this.loads.during(() =>
      this.usingWorkers(async () => {
        const [read] = await this.readWholeFiles([header]);
        if (!(read instanceof ArrayBuffer)) throw new Error(`${header.file}: could not be read (${read!.unreadable})`);
        const file: ArrayBuffer = read;
        let image: Image2d | null = null;
        await this.pool.forEach([header], async (_, api) => {
          image = await api.readImage2d(transfer(file, [file]), header);
        });
        return image!;
      }),
    );
  }

  /**
   * A series' middle image (see middleSlice) and its whole bytes, read here for its thumbnail; `signal`
   * (the thumbnail's own) tells a streamed source that the read is no part of a load.
   */
  async middleSliceFile(seriesId: string, signal: AbortSignal): Promise<{ header: SliceHeader; file: ArrayBuffer }> {
    const series = this.index?.series.find((s) => s.id === seriesId);
    const header = series && middleSlice(series);
    if (!header) throw new Error(`series ${seriesId} is not in the loaded files, or holds no image`);
    const [read] = await this.readWholeFiles([header], signal);
    if (!(read instanceof ArrayBuffer)) throw new Error(`${header.file}: could not be read (${read!.unreadable})`);
    return { header, file: read };
  }

  /** A series' slice headers (a volume's sorted along its normal); none for a series not in the index. */
  seriesSlices(seriesId: string): readonly SliceHeader[] {
    return this.index?.series.find((series) => series.id === seriesId)?.slices ?? [];
  }

  /** The whole header of the file holding `slice`, for the header inspector (see readHeaderTreeOf). */
  headerTree(slice: SliceHeader): Promise<HeaderTree> {
    // The first worker, not the pool's queue: a file that fails to parse must not replace every worker.
    return this.usingWorkers(() => readHeaderTreeOf(slice, this.files, this.pool.first));
  }

  /**
   * A chunk's files, read here and transferred to the worker that decodes them. A worker cannot read
   * its next files while it decodes (its thread drains the browser's file pipes, and decoding holds
   * it), so its reads and its decoding would take turns; here the next chunks' reads go on meanwhile.
   */
  private async readWholeFiles(
    headers: SliceHeader[],
    signal?: AbortSignal,
    streamed?: StreamedFiles | null,
  ): Promise<ChunkFiles> {
    return Promise.all(
      headers.map(async (header) => {
        const read = this.files.get(sourceKey(header));
        if (!read) throw new Error(`${header.file}: file is no longer available`);
        // A frame's bytes only (a deflated file's frame ranges count inflated bytes: it is read whole).
        const frame = header.frame && !header.frame.inflated ? header.frame : undefined;
        try {
          const taken = header.frame ? null : (streamed?.take(header.file) ?? null);
          const bytes = await (taken ?? read(signal, frame && { start: frame.start, end: frame.end }));
          return frame ? frameBytes(bytes, frame) : bytes;
        } catch (error) {
          if (error instanceof UnreadableFileError) return { unreadable: error.message };
          throw new Error(`${header.file}: could not be read (${error instanceof Error ? error.message : String(error)})`);
        }
      }),
    );
  }

  /**
   * Reads a series into a volume. Once it is built, and no other job needs them, the workers are
   * replaced: a wasm heap never shrinks, and a worker that has decoded a series keeps its high-water
   * heap and the collector's backlog of file and image copies (for a typical CT series, more than the
   * volume itself). `warmUp` readies the new ones. A small build leaves them: their heaps stayed
   * small, and new workers would cost the next load their start.
   */
  async build(seriesId: string, callbacks: BuildCallbacks = {}, gpu?: GpuTextureLimits): Promise<BuiltVolume> {
    const built = await this.loads.during(() => this.usingWorkers(() => this.buildWith(seriesId, callbacks, gpu)));
    if (this.jobs === 0 && stackBytes(built.volume) >= REPLACE_WORKERS_AFTER_BYTES) {
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
    // Where the source streams: set for the files after the first slices (those are read on their own).
    let streamed: StreamedFiles | null = null;
    const stream = new ChunkStream(
      plan,
      progressive ? factor : 1,
      (headers) => this.readWholeFiles(headers, undefined, streamed),
      (slicesRead) => callbacks.onProgress?.(slicesRead, sliceCount),
    );
    const { stacked, tally } = stream;
    let shown: BuiltVolume | null = null;
    const [first, ...rest] = progressiveOrder(sliceCount);
    const streamFrom = (chunks: SliceChunk[]) => {
      const headers = chunks.flatMap((chunk) => plan.stack.slices.slice(chunk.start, chunk.start + chunk.count));
      streamed = this.streamFiles?.(headers.filter((header) => !header.frame).map((header) => header.file)) ?? null;
    };
    const readAhead = () => {
      for (const chunk of rest.slice(0, this.pool.size * JOBS_PER_WORKER)) stream.prefetch(chunk);
    };

    try {
      if (first) {
        if (progressive) {
          // The readers wait while the first slices are decoded and drawn. The files they decode next
          // are read meanwhile, once the first slices' own files are in: starting a read costs the page
          // time per file, paid while the worker decodes. A stream (a whole series from a server) is
          // started only once the first slices are shown: arriving at full speed, it would hold the page
          // and the CPU the first image needs.
          await stream.prefetch(first);
          if (!this.streamFiles) readAhead();
        } else streamFrom([first, ...rest]);
        await this.pool.forEach([first], stream.read);
        if (progressive) {
          shown = startVolume(plan, stacked, tally, stream.slicesOf(first), factor, stream.reducedStack);
          callbacks.onStart?.(shown.volume, shown.gpuVolume);
          callbacks.onSlices?.(first.start, first.count);
          await callbacks.firstShown?.();
          if (this.streamFiles) {
            streamFrom(rest);
            // A stream reads ahead by itself; read-ahead would commit chunks to an order it may not follow.
            if (!streamed) readAhead();
          }
        }
      }
      await this.pool.forEach(
        rest,
        async (chunk, api) => {
          await stream.read(chunk, api);
          if (progressive) callbacks.onSlices?.(chunk.start, chunk.count);
        },
        JOBS_PER_WORKER,
        (left) => nextChunk(left, stream, streamed),
      );
    } finally {
      (streamed as StreamedFiles | null)?.close();
    }

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

/** A frame's bytes from what its reader returned: the range itself, or the whole file it is cut from. */
