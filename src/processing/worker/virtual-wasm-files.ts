/**
 * In-memory answers to itk-wasm's `<prefix>.wasm.zst` requests, for pipelines added from files.
 *
 * Why a hook on axios at all: itk-wasm (runPipeline with webWorker: false) loads a module only from
 * a URL prefix: it fetches `<prefix>.wasm.zst` through axios' default instance and imports
 * `<prefix>.js`. None of its options hands it a module or its bytes (they are pipelineBaseUrl,
 * pipelineQueryParams, pipelineWorkerUrl and noCopy; runPipelineEmscripten, which takes a loaded
 * module, is not exported), and one blob: URL cannot be both the JavaScript and the wasm.
 *
 * So the hook is kept as small as it can be: a request interceptor, installed with the first added
 * pipeline, that gives only the registered URLs an adapter reading from memory. Every other
 * request, and axios' own adapter, is left alone.
 */
import axios, { type AxiosAdapter, type AxiosResponse } from 'axios';

/** Full URL (`blob:…#.wasm.zst`) → zstd bytes. */
const virtualFiles = new Map<string, ArrayBuffer>();

const fromMemory: AxiosAdapter = (config) => {
  const response: AxiosResponse = {
    data: virtualFiles.get(config.url!),
    status: 200,
    statusText: 'OK',
    headers: {},
    config,
    request: null,
  };
  return Promise.resolve(response);
};

let installed = false;

/** From now on, a request of `url` through axios (itk-wasm's loader) is answered with `bytes`. */
export function serveFromMemory(url: string, bytes: ArrayBuffer): void {
  virtualFiles.set(url, bytes);
  if (installed) return;
  installed = true;
  axios.interceptors.request.use((config) => {
    if (config.url !== undefined && virtualFiles.has(config.url)) config.adapter = fromMemory;
    return config;
  });
}
