/**
 * Runs itk-wasm pipelines off the main thread: `runPipeline(..., { webWorker: false })` inside this
 * worker, so itk-wasm caches each loaded module here and reuses it for the next run. The volume
 * arrives once (its copy transferred) and stays here for later runs; outputs leave transferred.
 *
 * Pipelines added from files are loaded from blob: URLs: itk-wasm derives `<prefix>.js` and
 * `<prefix>.wasm.zst` from one prefix, so the prefix is `<blob URL of a small wrapper module>#`
 * (the fragment is ignored when a blob: URL is fetched, so `…#.js` imports the wrapper) and the
 * `…#.wasm.zst` request is answered from memory by an axios adapter (itk-wasm fetches through axios).
 * Nothing goes to the network.
 */
import axios, { type AxiosAdapter, type AxiosResponse } from 'axios';
import { expose, transfer } from 'comlink';
import { type Image, InterfaceTypes, type PipelineInput, type PipelineOutput, runPipeline } from 'itk-wasm';
import type { PipelineLocation } from '../src/processing/registry';
import { isZstdFrame, rawZstdFrame } from '../src/processing/zstd-frame';
import type { ImageOutput, PipelineWorkerApi, PixelArray, RunOutput, RunRequest, WorkerTimings } from '../src/processing/pipeline-worker-api';

/** Full URL (`blob:…#.wasm.zst`) → zstd bytes, for pipelines added from files. */
const virtualFiles = new Map<string, ArrayBuffer>();
const networkAdapter: AxiosAdapter = axios.getAdapter(axios.defaults.adapter);
axios.defaults.adapter = (config) => {
  const file = config.url === undefined ? undefined : virtualFiles.get(config.url);
  if (!file) return networkAdapter(config);
  const response: AxiosResponse = { data: file, status: 200, statusText: 'OK', headers: {}, config, request: null };
  return Promise.resolve(response);
};

/** Added pipeline id → the path/base pair handed to runPipeline. */
const addedModules = new Map<string, { path: string; baseUrl: string }>();

async function modulePath(location: PipelineLocation): Promise<{ path: string; baseUrl: string }> {
  // A full http(s) URL: unique per pipeline, so itk-wasm's module cache (keyed by path) cannot mix
  // e.g. an own pipeline and a packaged one of the same name.
  if (location.kind === 'url') return { path: `${location.baseUrl}/${location.name}`, baseUrl: location.baseUrl };
  const known = addedModules.get(location.id);
  if (known) return known;
  const userJs = URL.createObjectURL(new Blob([location.js], { type: 'text/javascript' }));
  // locateFile: newer emscripten resolves `new URL('x.wasm', import.meta.url)` unless told otherwise,
  // which throws for a blob: module; the binary itself always comes as wasmBinary.
  const wrapper = [
    `import factory from ${JSON.stringify(userJs)};`,
    'export default (options) => factory({ ...options, locateFile: (path) => path });',
  ].join('\n');
  const wrapperUrl = URL.createObjectURL(new Blob([wrapper], { type: 'text/javascript' }));
  const bytes = new Uint8Array(await location.wasm.arrayBuffer());
  const zst = location.wasmCompressed || isZstdFrame(bytes) ? bytes : rawZstdFrame(bytes);
  virtualFiles.set(`${wrapperUrl}#.wasm.zst`, zst.buffer as ArrayBuffer);
  // itk-wasm joins `${baseUrl}/${path}` for anything not starting with "http".
  const slash = wrapperUrl.lastIndexOf('/');
  const resolved = { baseUrl: wrapperUrl.slice(0, slash), path: `${wrapperUrl.slice(slash + 1)}#` };
  addedModules.set(location.id, resolved);
  return resolved;
}

let held: { id: string; image: Image } | null = null;

const now = () => performance.timeOrigin + performance.now();
/** Copies smaller than this are JSON, strings and directions: not worth timing. */
const MIN_TIMED_COPY = 64 * 1024;

interface CopyClock {
  inputBuffers: Set<ArrayBufferLike>;
  inputMs: number;
  outputMs: number;
}
const clocks = new Set<CopyClock>();
const originalSet = Uint8Array.prototype.set;

/**
 * Times itk-wasm's two big copies by watching Uint8Array.prototype.set while runPipeline runs: the
 * input copy reads from the input's buffer; an output copy fills a fresh array of the same length.
 * The wrapper is installed only while a run is in flight in this worker.
 */
function timedSet(this: Uint8Array, source: ArrayLike<number>, offset?: number): void {
  if (source.length < MIN_TIMED_COPY) return originalSet.call(this, source, offset);
  const t0 = performance.now();
  originalSet.call(this, source, offset);
  const dt = performance.now() - t0;
  for (const clock of clocks) {
    if (ArrayBuffer.isView(source) && clock.inputBuffers.has(source.buffer)) clock.inputMs += dt;
    else if (this.byteOffset === 0 && this.length === source.length) clock.outputMs += dt;
  }
}

async function timingCopies<T>(inputBuffers: Set<ArrayBufferLike>, run: () => Promise<T>): Promise<{ result: T; inputMs: number; outputMs: number }> {
  const clock: CopyClock = { inputBuffers, inputMs: 0, outputMs: 0 };
  clocks.add(clock);
  Uint8Array.prototype.set = timedSet;
  try {
    const result = await run();
    return { result, inputMs: clock.inputMs, outputMs: clock.outputMs };
  } finally {
    clocks.delete(clock);
    if (clocks.size === 0) Uint8Array.prototype.set = originalSet;
  }
}

const ARRAYS = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;

/** An output image as plain numbers plus a pixel array that owns a transferable buffer. */
function prepareImage(name: string, image: Image, clock: { unshareMs: number; rangeMs: number }): ImageOutput {
  const source = image.data as PixelArray | null;
  const Ctor = ARRAYS[image.imageType.componentType as keyof typeof ARRAYS];
  if (!source || !Ctor) throw new Error(`output ${name}: unsupported pixel type ${image.imageType.componentType}`);
  // Under cross-origin isolation itk-wasm returns SharedArrayBuffers, which cannot be transferred.
  let data: PixelArray = source;
  const t0 = performance.now();
  if (!(source.buffer instanceof ArrayBuffer) || source.byteOffset !== 0 || source.byteLength !== source.buffer.byteLength) {
    data = new Ctor(source.length);
    data.set(source as never);
  }
  const t1 = performance.now();
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  clock.unshareMs += t1 - t0;
  clock.rangeMs += performance.now() - t1;
  const three = (values: ArrayLike<number>, fill: number): [number, number, number] => [values[0] ?? fill, values[1] ?? fill, values[2] ?? fill];
  const direction = Array.from(image.direction as ArrayLike<number>);
  return {
    kind: 'image',
    name,
    componentType: image.imageType.componentType,
    components: image.imageType.components,
    size: three(image.size, 1),
    spacing: three(image.spacing, 1),
    origin: three(image.origin, 0),
    direction: direction.length === 9 ? direction : [1, 0, 0, 0, 1, 0, 0, 0, 1],
    data,
    range: data.length > 0 ? [min, max] : [0, 0],
  };
}

function textOf(kind: string, data: unknown): string {
  if (kind === 'json') return JSON.stringify(data, null, 2);
  if (kind === 'binary-stream') return `(${(data as { data: Uint8Array }).data.length} bytes of binary output)`;
  return String((data as { data: string }).data ?? '');
}

const api: PipelineWorkerApi = {
  async interfaceJson(location) {
    const { path, baseUrl } = await modulePath(location);
    const t0 = performance.now();
    const result = await runPipeline(path, ['--interface-json'], [], [], { pipelineBaseUrl: baseUrl, webWorker: false });
    return { returnValue: result.returnValue, stdout: result.stdout, stderr: result.stderr, loadMs: performance.now() - t0 };
  },

  async run(request: RunRequest) {
    let toWorkerMs: number | null = null;
    if (request.volume) {
      toWorkerMs = now() - request.volume.postedAt;
      held = { id: request.volume.id, image: request.volume.image };
    }
    const usesImage = request.inputs.some((input) => input.binding === 'image');
    if (usesImage && held?.id !== request.volumeId) throw new Error('the pipeline worker does not hold this volume (send it again)');

    const inputs: PipelineInput[] = request.inputs.map((input) => {
      switch (input.binding) {
        case 'image':
          return { type: InterfaceTypes.Image, data: held!.image };
        case 'text-stream':
          return { type: InterfaceTypes.TextStream, data: { data: input.text ?? '' } };
        case 'json':
          try {
            return { type: InterfaceTypes.JsonCompatible, data: JSON.parse(input.text ?? 'null') };
          } catch {
            throw new Error('a JSON input is not valid JSON');
          }
        default:
          throw new Error(`unsupported input binding ${input.binding}`);
      }
    });
    const outputs: PipelineOutput[] = request.outputs.map((output) => {
      switch (output.kind) {
        case 'image':
          return { type: InterfaceTypes.Image };
        case 'json':
          return { type: InterfaceTypes.JsonCompatible };
        case 'text-stream':
          return { type: InterfaceTypes.TextStream };
        case 'binary-stream':
          return { type: InterfaceTypes.BinaryStream };
        case 'text-file':
          return { type: InterfaceTypes.TextFile, data: { path: output.path ?? output.name, data: '' } };
      }
    });

    const { path, baseUrl } = await modulePath(request.location);
    const inputBuffers = new Set<ArrayBufferLike>(held && usesImage ? [held.image.data!.buffer] : []);
    const t0 = performance.now();
    const { result, inputMs, outputMs } = await timingCopies(inputBuffers, () =>
      runPipeline(path, request.args, outputs, inputs, { pipelineBaseUrl: baseUrl, webWorker: false }),
    );
    const runPipelineMs = performance.now() - t0;

    const clock = { unshareMs: 0, rangeMs: 0 };
    const prepared: RunOutput[] = [];
    if (result.returnValue === 0) {
      result.outputs.forEach((output, index) => {
        const spec = request.outputs[index]!;
        if (spec.kind === 'image') prepared.push(prepareImage(spec.name, output.data as Image, clock));
        else prepared.push({ kind: 'text', name: spec.name, text: textOf(spec.kind, output.data) });
      });
    }
    const timings: WorkerTimings = {
      toWorkerMs,
      itkInputCopyMs: inputMs,
      itkOutputCopyMs: outputMs,
      unshareMs: clock.unshareMs,
      rangeMs: clock.rangeMs,
      runPipelineMs,
      computeMs: runPipelineMs - inputMs - outputMs,
      postedAt: now(),
    };
    const buffers = prepared.flatMap((output) => (output.kind === 'image' ? [output.data.buffer as ArrayBuffer] : []));
    return transfer({ returnValue: result.returnValue, stdout: result.stdout, stderr: result.stderr, outputs: prepared, timings }, buffers);
  },
};

expose(api);
