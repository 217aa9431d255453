/**
 * Where the time of one pipeline run went. Measured only in a profiled run (the page's
 * `?profile=1`, see ui/pipelines-panel.ts): timing itk-wasm's own copies means watching
 * Uint8Array.prototype.set in the worker while the pipeline runs (worker/copy-timing.ts), which
 * no ordinary run should pay for or depend on. Every run still records the few figures the panel
 * measures on its own clock (RunSummary).
 */

/** Where a profiled run's time went inside the pipeline worker (ms). */
export interface WorkerTimings {
  /** Main-thread post of the volume → worker receipt; null when the worker already held it. */
  toWorkerMs: number | null;
  /** itk-wasm copying the input pixels into the wasm heap. */
  itkInputCopyMs: number;
  /** itk-wasm copying output pixels out of the wasm heap (into SharedArrayBuffers when isolated). */
  itkOutputCopyMs: number;
  /** Copying output pixels out of SharedArrayBuffers (not transferable) into transferable buffers. */
  unshareMs: number;
  /** The min/max scan of the output pixels (so the main thread need not scan them). */
  rangeMs: number;
  /** The whole runPipeline call (module lookup, copies, the pipeline itself). */
  runPipelineMs: number;
  /** runPipelineMs minus the two itk-wasm copies: the pipeline's own work. */
  computeMs: number;
  /** `performance.timeOrigin + performance.now()` in the worker when the result was posted. */
  postedAt: number;
}

/** A profiled run's data movement on both sides of the worker boundary (ms). */
export interface PipelineTimings extends Omit<WorkerTimings, 'postedAt'> {
  /** Copying the volume's voxels on the main thread before transferring them (0 when not sent). */
  mainCopyMs: number;
  /** Worker post of the result → main-thread receipt. */
  fromWorkerMs: number;
}

/** What the panel measures around every run, on the page's clock. */
export interface RunSummary {
  pipeline: string;
  /** Run click → results shown (a new volume drawn in every pane). */
  wallMs: number;
  /** Building the CtVolume / mask on the main thread and handing it to the viewer (until drawn). */
  showMs: number;
  /** Whether the volume was sent with this run (the worker keeps the last one). */
  volumeSent: boolean;
  /** Page `performance.now()` at the Run click, at the result's arrival, and when shown. */
  startedAt: number;
  receivedAt: number;
  shownAt: number;
}

/** A profiled run's roll-up: its data movement, summed. */
export interface ProfiledTimings extends PipelineTimings {
  /** The data moving parts (main copy, both posts, itk-wasm's copies, unsharing), summed. */
  dataMovementMs: number;
}

/** Every figure of the last run (ms); also on the panel's status element as `data-timings` (JSON). */
export type RunTimings = RunSummary & Partial<ProfiledTimings>;

/** Page and worker clocks compare on one time line (`performance.timeOrigin` based). */
export const timelineNow = (): number => performance.timeOrigin + performance.now();

/** The last run's figures: the summary, and where the time went when the run was profiled. */
export function runTimings(summary: RunSummary, profiled: PipelineTimings | undefined): RunTimings {
  if (!profiled) return summary;
  const p = profiled;
  const { pipeline, wallMs, showMs, volumeSent, startedAt, receivedAt, shownAt } = summary;
  const dataMovementMs = p.mainCopyMs + (p.toWorkerMs ?? 0) + p.itkInputCopyMs + p.itkOutputCopyMs + p.unshareMs + p.fromWorkerMs;
  return {
    pipeline,
    wallMs,
    mainCopyMs: p.mainCopyMs,
    toWorkerMs: p.toWorkerMs,
    itkInputCopyMs: p.itkInputCopyMs,
    itkOutputCopyMs: p.itkOutputCopyMs,
    unshareMs: p.unshareMs,
    rangeMs: p.rangeMs,
    fromWorkerMs: p.fromWorkerMs,
    showMs,
    dataMovementMs,
    computeMs: p.computeMs,
    runPipelineMs: p.runPipelineMs,
    volumeSent,
    startedAt,
    receivedAt,
    shownAt,
  };
}

/** The status line of a finished run; a profiled one says how much was computing and how much moving data. */
export function doneMessage(timings: RunTimings): string {
  const seconds = (timings.wallMs / 1000).toFixed(2);
  if (timings.computeMs === undefined || timings.dataMovementMs === undefined) return `${timings.pipeline} done in ${seconds} s.`;
  const detail = `pipeline ${Math.round(timings.computeMs)} ms, moving data ${Math.round(timings.dataMovementMs)} ms`;
  return `${timings.pipeline} done in ${seconds} s (${detail}).`;
}
