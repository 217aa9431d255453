/**
 * The browser side of the WASM pipelines, as the ui uses it: the pipeline list, the form planned
 * from a pipeline's `--interface-json` and its validation, the client of the pipeline worker, the
 * outputs as layers, and the run timings. The worker's own code is in ./worker (not exported here:
 * it runs only inside workers/pipeline.worker.ts).
 */
export { type InterfaceItem, type PipelineInterface, RESERVED_PARAMETERS, parseInterfaceJson } from './interface-json';
export type { BooleanField, ChoiceField, FieldDescription, NumberField, NumberType, TextField, VectorField } from './form-fields';
export {
  type InputBinding,
  type OutputKind,
  type PipelinePlan,
  type PlanOptions,
  parameterField,
  planPipeline,
} from './pipeline-plan';
export { type ArgsResult, type FieldValues, fieldArgs } from './field-values';
export { outputFileName, pipelineArgs } from './pipeline-args';
export { OWN_PIPELINES } from './own-pipelines';
export { fetchInterfaceFile } from './interface-file';
export {
  type FilePair,
  PACKAGE_PIPELINES,
  type PipelineEntry,
  type PipelineLocation,
  PipelineRegistry,
  builtInPipelines,
  ownPipelinesBaseUrl,
  pairPipelineFiles,
} from './registry';
export { type ClientRunOptions, type ClientRunResult, PipelineCancelled, PipelineClient } from './pipeline-client';
export type {
  ImageOutput,
  InterfaceJsonResult,
  PixelArray,
  RunOutput,
  RunRequest,
  RunResult,
  TextOutput,
} from './pipeline-worker-api';
export { type Geometry, MASK_COLOURS, geometryOf, isLabelImage, toCtVolume, toLabelMask } from './outputs';
export {
  type PipelineTimings,
  type ProfiledTimings,
  type RunSummary,
  type RunTimings,
  type WorkerTimings,
  doneMessage,
  runTimings,
} from './run-timings';
export { isZstdFrame, rawZstdFrame } from './zstd-frame';
export { type ExportedFile, ExportClient, type VoxelPassing } from './export-client';
