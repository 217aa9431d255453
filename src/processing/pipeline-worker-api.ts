import type { Image } from 'itk-wasm';
import type { InputBinding, OutputKind } from './pipeline-plan';
import type { PipelineLocation } from './registry';
import type { WorkerTimings } from './run-timings';

/** What a `--interface-json` run printed. */
export interface InterfaceJsonResult {
  returnValue: number;
  stdout: string;
  stderr: string;
  /** Time to fetch, decompress and compile the module (0 when it was cached in the worker). */
  loadMs: number;
}

/** The volume as an itk-wasm Image whose pixel buffer the worker now owns (transferred, not shared). */
export interface VolumeTransfer {
  id: string;
  image: Image;
}

export interface RunRequest {
  location: PipelineLocation;
  /** Full argument list (`0 0 --memory-io --radius 1`). */
  args: string[];
  /** One per interface input: image inputs get the held volume, text/JSON inputs their text. */
  inputs: Array<{ binding: InputBinding; text?: string }>;
  outputs: Array<{ name: string; kind: OutputKind; path?: string }>;
  /** The volume the image inputs get: the worker keeps the last one it was sent. */
  volumeId: string;
  /** Sent only when the worker does not hold `volumeId` yet. */
  volume?: VolumeTransfer;
  /**
   * Present only when the run is profiled: the worker then times itk-wasm's copies and returns
   * `timings`. `postedAt` is `performance.timeOrigin + performance.now()` on the main thread when
   * the request was posted.
   */
  profile?: { postedAt: number };
}

export type PixelArray =
  Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

export interface ImageOutput {
  kind: 'image';
  name: string;
  componentType: string;
  components: number;
  size: [number, number, number];
  spacing: [number, number, number];
  origin: [number, number, number];
  /** Row-major 3×3, ITK's convention (columns are the index axes' world directions). */
  direction: number[];
  /** Owns its buffer (transferred to the main thread). */
  data: PixelArray;
  /** [min, max] of the voxels, computed in the worker so the main thread does not scan them. */
  range: [number, number];
}

export interface TextOutput {
  kind: 'text';
  name: string;
  text: string;
}

export type RunOutput = ImageOutput | TextOutput;

export interface RunResult {
  returnValue: number;
  stdout: string;
  stderr: string;
  outputs: RunOutput[];
  /** Only for a profiled run (`RunRequest.profile`). */
  timings?: WorkerTimings;
}

/**
 * The pipeline worker (workers/pipeline.worker.ts, its code in processing/worker/) through comlink: itk-wasm's runPipeline with
 * webWorker: false inside it, so each module is loaded once per worker and reused.
 */
export interface PipelineWorkerApi {
  interfaceJson(location: PipelineLocation): Promise<InterfaceJsonResult>;
  run(request: RunRequest): Promise<RunResult>;
}
