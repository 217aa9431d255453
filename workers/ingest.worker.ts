import '../src/ingest/worker/itk-output-buffers';
import { expose, transfer } from 'comlink';
import type { SliceHeader } from '../src/dicom/types';
import { releaseNow } from '../src/runtime/release-buffer';
import { isSharedBuffer } from '../src/runtime/shared-buffer';
import { inSharedMemory } from '../src/runtime/shared-copy';
import { generatePhantom } from '../src/phantom/phantom';
import { sourceFromRange } from '../src/sources/range-source';
import { sourceFromBytes, unreadableSource } from '../src/sources/source-file';
import { assembleVolume } from '../src/volume/assemble-volume';
import type { HuArray } from '../src/volume/ct-volume';
import { readChunkAsHu } from '../src/volume/read-chunk';
import { type ChunkFiles, type IngestWorkerApi, chunkBuffers } from '../src/ingest/ingest-worker-api';
import { warmSliceReader, workerSliceReader } from '../src/ingest/worker/itk-slice-reader';
import { holdLifeline } from '../src/ingest/worker-lifeline';
import { readImage2dInWorker } from '../src/ingest/worker/read-image-2d';
import { renderThumbnailInWorker } from '../src/ingest/worker/thumbnail';
import { parseHeaderInputs } from '../src/ingest/worker/header-sources';
import { archiveFromBlob } from '../src/sources/zip/zip-entry';
import { readHeaderTree } from '../src/dicom/header-tree';
import { listZipEntries } from '../src/sources/zip/zip-listing';

/** Header reads in flight per worker: each is a round trip to the browser's blob store, not CPU. */
const HEADER_READS_IN_FLIGHT = 8;

/**
 * Chunks are decoded one after the other, each to the end. The page hands a worker its next chunk
 * while it decodes the current one (so the files are read meanwhile); interleaved at their awaits,
 * two chunks would hold two decoded outputs, and one recycled output buffer would not be enough.
 */
let decoding: Promise<unknown> = Promise.resolve();
function oneChunkAtATime<T>(read: () => Promise<T>): Promise<T> {
  const result = decoding.then(read);
  decoding = result.catch(() => undefined);
  return result;
}

const api: IngestWorkerApi = {
  warmUp: warmSliceReader,

  parseHeaders: (inputs) => parseHeaderInputs(inputs, HEADER_READS_IN_FLIGHT),

  listZip: (archive, name) => listZipEntries(archiveFromBlob(archive), name),

  async generateSample(options) {
    return generatePhantom(options).files.map((file) => new File([file.data as Uint8Array<ArrayBuffer>], file.name));
  },

  async readChunk(start, files, headers, format) {
    const inputs = chunkInputs(files, headers);
    const result = await oneChunkAtATime(() => readChunkAsHu(start, inputs, format, workerSliceReader)).finally(() =>
      releaseFiles(files),
    );
    return transfer(result, result.reduced ? [result.values.buffer, result.reduced.buffer] : [result.values.buffer]);
  },

  async readChunkInto(stack, start, files, headers, format) {
    const inputs = chunkInputs(files, headers);
    const view = (buffer: SharedArrayBuffer): HuArray => (format.useFloat ? new Float32Array(buffer) : new Int16Array(buffer));
    const target = { values: view(stack.values), ...(stack.reduced ? { reduced: view(stack.reduced) } : {}) };
    const {
      values: _values,
      reduced: _reduced,
      ...stats
    } = await oneChunkAtATime(() => readChunkAsHu(start, inputs, format, workerSliceReader, target)).finally(() =>
      releaseFiles(files),
    );
    return stats;
  },

  // In turn with the chunks: both use the one loaded reader module and its recycled output buffer.
  readImage2d: (file, header) => oneChunkAtATime(() => readImage2dInWorker(file, header)),

  renderThumbnail: (file, header, maxSide) => oneChunkAtATime(() => renderThumbnailInWorker(file, header, maxSide)),

  readHeaderTree: async (file, name) => readHeaderTree(name, new Uint8Array(file)),

  async assemble(plan, stacked, tally) {
    const volume = assembleVolume(plan, stacked, tally);
    // A resampled volume is new memory: put in shared memory here, off the page, so that other workers
    // (the export writer) read the page's voxels without a copy on the main thread.
    volume.scalars = inSharedMemory(volume.scalars);
    const shared = isSharedBuffer(volume.scalars.buffer);
    return transfer(volume, shared ? [] : [volume.scalars.buffer]);
  },
};

/** The chunk's slices, each over the bytes the page read (see IngestClient.build). */
function chunkInputs(files: ChunkFiles, headers: SliceHeader[]) {
  return headers.map((header, index) => {
    const file = files[index]!;
    if (!(file instanceof ArrayBuffer)) return { header, source: unreadableSource(header.file, file.unreadable) };
    const bytes = new Uint8Array(file);
    // One frame of a multi-frame file: the page read only its range (see IngestClient.readWholeFiles).
    const frame = header.frame && !header.frame.inflated ? header.frame : undefined;
    return {
      header,
      source: frame ? sourceFromRange(header.file, bytes, frame.start, frame.end) : sourceFromBytes(header.file, bytes),
    };
  });
}

/** The chunk's file bytes are garbage once it is read (itk-wasm copied them into its file system). */
function releaseFiles(files: ChunkFiles): void {
  for (const file of chunkBuffers(files)) releaseNow(file);
}

// The page learns of this worker's end, however it comes, from the lock it holds (worker-lifeline.ts).
holdLifeline();
expose(api);
