import { expose, transfer } from 'comlink';
import { indexSources } from '../src/dicom/index-study';
import { DicomError } from '../src/dicom/dicom-error';
import { type StudyIndex, summarizeIndex } from '../src/dicom/series-types';
import { generatePhantom } from '../src/sample/phantom';
import { sourceFromFile } from '../src/sources/browser-files';
import { type SourceFile, sourceFromBytes } from '../src/sources/source-file';
import { buildVolume } from '../src/volume/build-volume';
import type { IngestApi } from './ingest-api';
import { workerSliceReader } from './itk-slice-reader';

let sources = new Map<string, SourceFile>();
let index: StudyIndex | null = null;

async function indexAll(list: SourceFile[], onProgress?: (done: number, total: number) => void) {
  sources = new Map(list.map((source) => [source.name, source]));
  index = await indexSources(list, onProgress);
  return summarizeIndex(index, list.length);
}

const api: IngestApi = {
  indexFiles(files, onProgress) {
    return indexAll(files.map(sourceFromFile), onProgress);
  },
  indexSample(options) {
    const phantom = generatePhantom(options);
    return indexAll(phantom.files.map((file) => sourceFromBytes(file.name, file.data)));
  },
  async build(seriesId, onProgress) {
    const series = index?.series.find((s) => s.id === seriesId);
    if (!series) throw new DicomError(`series ${seriesId} is not in the loaded files`);
    const volume = await buildVolume(series, sources, workerSliceReader, { onProgress });
    return transfer(volume, [volume.scalars.buffer]);
  },
};

expose(api);
