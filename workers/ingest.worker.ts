import '../src/ingest/worker/itk-output-buffers';
import { expose, transfer } from 'comlink';
import { parseHeaderBatch } from '../src/dicom/parse-header-batch';
import type { SliceHeader } from '../src/dicom/types';
import { releaseNow } from '../src/runtime/release-buffer';
import { isSharedBuffer } from '../src/runtime/shared-buffer';
import { generatePhantom } from '../src/phantom/phantom';
import { sourcesWithHeads } from '../src/sources/browser-files';
import { FIRST_READ_BYTES } from '../src/dicom/parse-header';
import { sourceFromBytes } from '../src/sources/source-file';
import { assembleVolume } from '../src/volume/assemble-volume';
import type { HuArray } from '../src/volume/ct-volume';
import { readChunkAsHu } from '../src/volume/read-chunk';
import type { ChunkFiles, IngestWorkerApi } from '../src/ingest/ingest-worker-api';
import { warmSliceReader, workerSliceReader } from '../src/ingest/worker/itk-slice-reader';

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

  parseHeaders: async (files) => parseHeaderBatch(await sourcesWithHeads(files, FIRST_READ_BYTES), HEADER_READS_IN_FLIGHT),

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

  async assemble(plan, stacked, tally) {
    const volume = assembleVolume(plan, stacked, tally);
    const shared = isSharedBuffer(volume.scalars.buffer);
    return transfer(volume, shared ? [] : [volume.scalars.buffer]);
  },
};

/** The chunk's slices, each over the bytes the page read (see IngestClient.build). */
function chunkInputs(files: ChunkFiles, headers: SliceHeader[]) {
  return headers.map((header, index) => ({ header, source: sourceFromBytes(header.file, new Uint8Array(files[index]!)) }));
}

/** The chunk's file bytes are garbage once it is read (itk-wasm copied them into its file system). */
function releaseFiles(files: ChunkFiles): void {
  for (const file of files) releaseNow(file);
}

expose(api);
