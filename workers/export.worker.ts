/** The export worker: volumes and label masks written as files off the main thread (src/processing/worker/export-worker.ts). */
import { expose } from 'comlink';
import { exportWorkerApi } from '../src/processing/worker/export-worker';

expose(exportWorkerApi);
