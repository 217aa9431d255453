/**
 * Baseline worker: one plain `readImageDicomFileSeries` over the files as given (no filtering,
 * no sorting hints, itk-wasm's own worker pool), i.e. what a naive viewer would do.
 */
import { readImageDicomFileSeries, setPipelinesBaseUrl } from '@itk-wasm/dicom';
import { itkPipelinesBaseUrl } from '../src/runtime/itk-pipeline-urls';
import type { BaselineReply, BaselineRequest } from '../src/baseline/baseline-protocol';

setPipelinesBaseUrl(itkPipelinesBaseUrl('dicom'));

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `rejected with ${typeof error} ${String(error)}`;
}

self.onmessage = async (event: MessageEvent<BaselineRequest>) => {
  let reply: BaselineReply;
  try {
    const { outputImage, webWorkerPool } = await readImageDicomFileSeries({ inputImages: event.data.files });
    webWorkerPool?.terminateWorkers();
    reply = { size: [...outputImage.size], error: null };
  } catch (error) {
    reply = { size: null, error: describe(error) };
  }
  self.postMessage(reply);
};
