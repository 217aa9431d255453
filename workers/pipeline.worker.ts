/** The pipeline worker: itk-wasm pipelines off the main thread (src/processing/worker/pipeline-worker.ts). */
import { expose } from 'comlink';
import { pipelineWorkerApi } from '../src/processing/worker/pipeline-worker';

expose(pipelineWorkerApi);
