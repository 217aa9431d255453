/**
 * The pipeline worker's API (workers/pipeline.worker.ts exposes it): itk-wasm pipelines run off the
 * main thread with `runPipeline(..., { webWorker: false })` inside this worker, so itk-wasm caches
 * each loaded module here and reuses it for the next run. The volume arrives once (its copy
 * transferred) and stays here for later runs; outputs leave transferred.
 */
import { transfer } from 'comlink';
import { type Image, runPipeline } from 'itk-wasm';
import type { PipelineWorkerApi, RunOutput, RunRequest } from '../pipeline-worker-api';
import { type WorkerTimings, timelineNow } from '../run-timings';
import { timingCopies } from './copy-timing';
import { modulePath } from './module-locations';
import { pipelineInputs, pipelineOutputs } from './pipeline-io';
import { prepareImage, textOf } from './prepare-outputs';

let held: { id: string; image: Image } | null = null;

export const pipelineWorkerApi: PipelineWorkerApi = {
  async interfaceJson(location) {
    const { path, baseUrl } = await modulePath(location);
    const t0 = performance.now();
    const result = await runPipeline(path, ['--interface-json'], [], [], { pipelineBaseUrl: baseUrl, webWorker: false });
    return { returnValue: result.returnValue, stdout: result.stdout, stderr: result.stderr, loadMs: performance.now() - t0 };
  },

  async run(request: RunRequest) {
    const receivedAt = timelineNow();
    if (request.volume) held = { id: request.volume.id, image: request.volume.image };
    const usesImage = request.inputs.some((input) => input.binding === 'image');
    if (usesImage && held?.id !== request.volumeId) {
      throw new Error('the pipeline worker does not hold this volume (send it again)');
    }
    const inputs = pipelineInputs(request, held?.image);
    const outputs = pipelineOutputs(request);

    const { path, baseUrl } = await modulePath(request.location);
    const runOnce = () => runPipeline(path, request.args, outputs, inputs, { pipelineBaseUrl: baseUrl, webWorker: false });
    const t0 = performance.now();
    let copies = { inputMs: 0, outputMs: 0 };
    let result: Awaited<ReturnType<typeof runOnce>>;
    if (request.profile) {
      const inputBuffers = new Set<ArrayBufferLike>(held && usesImage ? [held.image.data!.buffer] : []);
      ({ result, ...copies } = await timingCopies(inputBuffers, runOnce));
    } else result = await runOnce();
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
    const { returnValue, stdout, stderr } = result;
    const buffers = prepared.flatMap((output) => (output.kind === 'image' ? [output.data.buffer as ArrayBuffer] : []));
    if (!request.profile) return transfer({ returnValue, stdout, stderr, outputs: prepared }, buffers);
    const timings: WorkerTimings = {
      toWorkerMs: request.volume ? receivedAt - request.profile.postedAt : null,
      itkInputCopyMs: copies.inputMs,
      itkOutputCopyMs: copies.outputMs,
      unshareMs: clock.unshareMs,
      rangeMs: clock.rangeMs,
      runPipelineMs,
      computeMs: runPipelineMs - copies.inputMs - copies.outputMs,
      postedAt: timelineNow(),
    };
    return transfer({ returnValue, stdout, stderr, outputs: prepared, timings }, buffers);
  },
};
