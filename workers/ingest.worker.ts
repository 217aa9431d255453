import { expose, transfer } from 'comlink';
import { parseHeader } from '../src/dicom/parse-header';
import type { SliceHeader, SkippedFile } from '../src/dicom/types';
import { generatePhantom } from '../src/sample/phantom';
import { sourceFromFile } from '../src/sources/browser-files';
import { assembleVolume } from '../src/volume/assemble-volume';
import { readChunkAsHu } from '../src/volume/read-chunk';
import type { IngestWorkerApi } from './ingest-api';
import { workerSliceReader } from './itk-slice-reader';

const api: IngestWorkerApi = {
  async parseHeaders(files) {
    const headers: SliceHeader[] = [];
    const skipped: SkippedFile[] = [];
    for (const file of files) {
      const source = sourceFromFile(file);
      try {
        const result = await parseHeader(source);
        if (result.ok) headers.push(result.header);
        else skipped.push(result.skipped);
      } catch (error) {
        skipped.push({ file: source.name, reason: `could not be read (${error instanceof Error ? error.message : String(error)})` });
      }
    }
    return { headers, skipped };
  },

  async generateSample(options) {
    return generatePhantom(options).files.map((file) => new File([file.data as Uint8Array<ArrayBuffer>], file.name));
  },

  async readChunk(start, files, headers, format) {
    const inputs = headers.map((header, index) => ({ header, source: sourceFromFile(files[index]!) }));
    const result = await readChunkAsHu(start, inputs, format, workerSliceReader);
    return transfer(result, result.reduced ? [result.values.buffer, result.reduced.buffer] : [result.values.buffer]);
  },

  async assemble(plan, stacked, tally) {
    const volume = assembleVolume(plan, stacked, tally);
    return transfer(volume, [volume.scalars.buffer]);
  },
};

expose(api);
