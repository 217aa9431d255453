/**
 * The export worker's API (workers/export.worker.ts exposes it): `@itk-wasm/image-io`'s writeImage
 * runs here with `webWorker: false` (this worker is the one it would otherwise start), from the
 * pipelines the app serves itself, on the image src/volume/volume-file.ts makes (the CLI's too).
 */
import { setPipelinesBaseUrl, writeImage } from '@itk-wasm/image-io';
import type { Image } from 'itk-wasm';
import { itkPipelinesBaseUrl } from '../../runtime/itk-pipeline-urls';
import { isSharedBuffer } from '../../runtime/shared-buffer';
import type { ExportWorkerApi } from '../export-worker-api';
import { type ImageFileWriter, writeLabelFile, writeVolumeFile } from '../../volume/volume-file';

let baseUrlSet = false;

const writeInThisWorker: ImageFileWriter = async (image, fileName) => {
  if (!baseUrlSet) {
    setPipelinesBaseUrl(itkPipelinesBaseUrl('image-io'));
    baseUrlSet = true;
  }
  const { serializedImage } = await writeImage(wholeBufferImage(image), fileName, { webWorker: false });
  return serializedImage.data;
};

/** itk-wasm reads an image's pixels from its buffer's byte 0: a view into a larger buffer is copied (here). */
function wholeBufferImage(image: Image): Image {
  const data = image.data as Int16Array | Float32Array | Uint8Array;
  if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) return image;
  return { ...image, data: data.slice() };
}

/** A Blob of the file's bytes: Blob refuses views of shared memory, which itk-wasm returns when isolated. */
function fileBlob(bytes: Uint8Array): Blob {
  const owned = isSharedBuffer(bytes.buffer) ? new Uint8Array(bytes) : bytes;
  return new Blob([owned as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
}

export const exportWorkerApi: ExportWorkerApi = {
  async writeVolume(volume, format) {
    return fileBlob(await writeVolumeFile(volume, format, writeInThisWorker));
  },
  async writeLabelMask(mask, format) {
    return fileBlob(await writeLabelFile(mask, format, writeInThisWorker));
  },
};
