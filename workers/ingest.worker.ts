import { expose, transfer } from 'comlink';
import { parseHeaderBatch } from '../src/dicom/parse-header-batch';
import type { SliceHeader } from '../src/dicom/types';
import { generatePhantom } from '../src/sample/phantom';
import { sourceFromFile } from '../src/sources/browser-files';
import { assembleVolume } from '../src/volume/assemble-volume';
import type { HuArray } from '../src/volume/ct-volume';
import { readChunkAsHu } from '../src/volume/read-chunk';
import type { IngestWorkerApi } from './ingest-api';
import { warmSliceReader, workerSliceReader } from './itk-slice-reader';

/** Header reads in flight per worker: each is a round trip to the browser's blob store, not CPU. */
const HEADER_READS_IN_FLIGHT = 8;

const api: IngestWorkerApi = {
  warmUp: warmSliceReader,

  parseHeaders: (files) => parseHeaderBatch(files.map(sourceFromFile), HEADER_READS_IN_FLIGHT),

  async generateSample(options) {
    return generatePhantom(options).files.map((file) => new File([file.data as Uint8Array<ArrayBuffer>], file.name));
  },

  async readChunk(start, files, headers, format) {
    const inputs = chunkInputs(files, headers);
    const result = await readChunkAsHu(start, inputs, format, workerSliceReader);
    return transfer(result, result.reduced ? [result.values.buffer, result.reduced.buffer] : [result.values.buffer]);
  },

  async readChunkInto(stack, start, files, headers, format) {
    const inputs = chunkInputs(files, headers);
    const view = (buffer: SharedArrayBuffer): HuArray => (format.useFloat ? new Float32Array(buffer) : new Int16Array(buffer));
    const target = { values: view(stack.values), ...(stack.reduced ? { reduced: view(stack.reduced) } : {}) };
    const { values: _values, reduced: _reduced, ...stats } = await readChunkAsHu(start, inputs, format, workerSliceReader, target);
    return stats;
  },

  async assemble(plan, stacked, tally) {
    const volume = assembleVolume(plan, stacked, tally);
    const shared = volume.scalars.buffer instanceof SharedArrayBuffer;
    return transfer(volume, shared ? [] : [volume.scalars.buffer]);
  },
};

/**
 * The chunk's slices; each file is read once although both the reader and the stored-value check
 * want its bytes (a second read would be one more file-sized buffer for the collector).
 */
function chunkInputs(files: File[], headers: SliceHeader[]) {
  return headers.map((header, index) => {
    const source = sourceFromFile(files[index]!);
    let bytes: Promise<Uint8Array> | null = null;
    return { header, source: { ...source, readAll: () => (bytes ??= source.readAll()) } };
  });
}

expose(api);
