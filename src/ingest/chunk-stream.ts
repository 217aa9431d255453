import { type Remote, transfer } from 'comlink';
import { type ChunkFiles, type IngestWorkerApi, type SharedStack, chunkBuffers } from './ingest-worker-api';
import type { SliceHeader } from '../dicom/types';
import type { StreamedFiles } from '../sources/source-file';
import { type ChunkTally, addChunk, emptyTally } from '../volume/assemble-volume';
import type { BuildPlan, SliceChunk } from '../volume/build-plan';
import type { HuArray } from '../volume/ct-volume';
import type { ChunkFormat } from '../volume/read-chunk';

/**
 * One build's stream of chunks into its stack: the stack (and its reduced GPU copy) the chunks are
 * written into, the chunks whose files are already being read, and what the chunks said so far.
 * When each chunk is read is the caller's (IngestClient.buildWith): this only does the bookkeeping.
 */
export class ChunkStream {
  /**
   * Workers write straight into shared memory where the page is cross-origin isolated: no copy of
   * each chunk on the main thread, and no chunk-sized garbage waiting for the collector.
   */
  readonly shared = sharedMemoryAvailable();
  /** Every slice's HU, in stack order. */
  readonly stacked: HuArray;
  /** The copy reduced for the GPU, filled alongside when the stack is shown at a reduced resolution. */
  readonly reducedStack: HuArray | null;
  readonly tally: ChunkTally = emptyTally();
  private readonly sharedStack: SharedStack | null;
  private readonly format: ChunkFormat;
  private readonly planeSize: number;
  private readonly reducedPlane: number;
  private readonly prefetched = new Map<SliceChunk, Promise<ChunkFiles>>();

  /**
   * `displayFactor`: the in-plane reduction of the GPU copy the workers make as they read (1: none).
   * `readFiles` reads a chunk's files on the page; `onRead` hears the number of slices read so far.
   */
  constructor(
    private readonly plan: BuildPlan,
    displayFactor: number,
    private readonly readFiles: (headers: SliceHeader[]) => Promise<ChunkFiles>,
    private readonly onRead: (slicesRead: number) => void,
  ) {
    const { columns, rows, slices } = plan.stack;
    this.planeSize = columns * rows;
    this.format = { columns, rows, useFloat: plan.useFloat, displayFactor };
    this.reducedPlane = Math.ceil(columns / displayFactor) * Math.ceil(rows / displayFactor);
    this.stacked = allocateHu(this.planeSize * slices.length, plan.useFloat, this.shared);
    this.reducedStack = displayFactor > 1 ? allocateHu(this.reducedPlane * slices.length, plan.useFloat, this.shared) : null;
    this.sharedStack = this.shared
      ? {
          values: this.stacked.buffer as SharedArrayBuffer,
          ...(this.reducedStack ? { reduced: this.reducedStack.buffer as SharedArrayBuffer } : {}),
        }
      : null;
  }

  /** The chunk's voxels in the stack (filled once it has been read). */
  slicesOf({ start, count }: SliceChunk): HuArray {
    return this.stacked.subarray(start * this.planeSize, (start + count) * this.planeSize);
  }

  /** Starts reading the chunk's files now, ahead of its turn; settles once they are read or failed. */
  prefetch(chunk: SliceChunk): Promise<unknown> {
    const files = this.readFiles(this.headersOf(chunk));
    // Its failure is reported by the chunk's read; this only keeps an unused one from going unhandled.
    const settled = files.catch(() => undefined);
    this.prefetched.set(chunk, files);
    return settled;
  }

  /** Whether `streamed` holds all the chunk's files (see StreamedFiles.holds): it can be read at once. */
  arrivedIn(chunk: SliceChunk, streamed: StreamedFiles): boolean {
    return this.headersOf(chunk).every((header) => !header.frame && streamed.holds(header.file));
  }

  /** Reads the chunk on a worker into the stack and adds what it said to the tally. */
  readonly read = async (chunk: SliceChunk, api: Remote<IngestWorkerApi>): Promise<void> => {
    const { start, count } = chunk;
    const headers = this.headersOf(chunk);
    const files = await (this.prefetched.get(chunk) ?? this.readFiles(headers));
    this.prefetched.delete(chunk);
    const sent = transfer(files, chunkBuffers(files));
    let stats;
    if (this.sharedStack) stats = await api.readChunkInto(this.sharedStack, start, sent, headers, this.format);
    else {
      const chunk = await api.readChunk(start, sent, headers, this.format);
      this.stacked.set(chunk.values, start * this.planeSize);
      if (this.reducedStack && chunk.reduced) this.reducedStack.set(chunk.reduced, start * this.reducedPlane);
      stats = chunk;
    }
    addChunk(this.tally, stats, count);
    this.onRead(this.tally.slicesRead);
  };

  private headersOf({ start, count }: SliceChunk): SliceHeader[] {
    return this.plan.stack.slices.slice(start, start + count);
  }
}

function sharedMemoryAvailable(): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true;
}

function allocateHu(length: number, float: boolean, shared: boolean): HuArray {
  const bytes = length * (float ? 4 : 2);
  const buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  return float ? new Float32Array(buffer) : new Int16Array(buffer);
}
