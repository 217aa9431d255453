/**
 * One run of a pipeline from the panel: the request built from the plan and the form's values, the
 * call to the pipeline worker, and the outputs handed to the layers (masks, derived volumes) or
 * returned as text. No DOM of its own: the panel shows the outcome.
 */
import {
  type ArgsResult,
  MASK_COLOURS,
  type PipelineClient,
  PipelineCancelled,
  type PipelineEntry,
  type PipelinePlan,
  type RunTimings,
  type ClientRunResult,
  doneMessage,
  isLabelImage,
  outputFileName,
  pipelineArgs,
  runTimings,
  toCtVolume,
  toLabelMask,
} from '../processing';
import type { CtVolume } from '../volume/ct-volume';
import type { PipelineLayers } from './pipeline-layers';

export type RunOutcome =
  { state: 'done'; message: string; texts: string[]; timings: RunTimings } | { state: 'error' | 'cancelled'; message: string };

export class PipelineRunner {
  private maskCount = 0;
  private volumeCount = 0;

  constructor(
    private readonly client: PipelineClient,
    private readonly layers: PipelineLayers,
    /** Time each run, itk-wasm's copies included (the page's `?profile=1`). */
    private readonly profile: boolean,
  ) {}

  /** Runs `entry` on `input` with the validated `fieldResult`; `started` is the page clock at the Run click. */
  async run(
    entry: PipelineEntry,
    plan: PipelinePlan,
    fieldResult: ArgsResult,
    input: CtVolume | null,
    started: number,
  ): Promise<RunOutcome> {
    const args = pipelineArgs(plan, fieldResult);
    let result: ClientRunResult;
    try {
      result = await this.client.run(
        {
          location: entry.location,
          args,
          inputs: plan.inputs.map((i, index) => ({
            binding: i.binding,
            ...(fieldResult.positional.has(index) ? { text: fieldResult.positional.get(index)! } : {}),
          })),
          outputs: plan.outputs.map((o, index) => ({
            name: o.name,
            kind: o.kind,
            ...(o.kind === 'text-file' ? { path: outputFileName(index) } : {}),
          })),
        },
        input,
        { profile: this.profile },
      );
    } catch (error) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (error instanceof PipelineCancelled)
        return { state: 'cancelled', message: `${entry.name} cancelled after ${seconds} s.` };
      return { state: 'error', message: `${entry.name} failed: ${messageOf(error)}` };
    }
    if (result.returnValue !== 0) {
      const stderr = result.stderr.trim();
      return {
        state: 'error',
        message: `${entry.name} failed (exit code ${result.returnValue}): ${stderr || 'it printed no message.'}`,
      };
    }
    const showStart = performance.now();
    const texts: string[] = [];
    try {
      for (const output of result.outputs) {
        if (output.kind === 'text') {
          texts.push(result.outputs.length > 1 ? `${output.name}:\n${output.text}` : output.text);
        } else if (isLabelImage(output)) {
          const colour = MASK_COLOURS[this.maskCount++ % MASK_COLOURS.length]!;
          this.layers.addMask(toLabelMask(output, `${entry.name} ${output.name}`, colour));
        } else if (input) {
          const name = `${entry.name} output`;
          await this.layers.addVolume(toCtVolume(output, input, name, ++this.volumeCount), name);
        }
      }
    } catch (error) {
      return { state: 'error', message: `${entry.name} ran, but its output cannot be shown: ${messageOf(error)}` };
    }
    if (result.outputs.length === 0 && result.stdout.trim()) texts.push(result.stdout.trim());
    const end = performance.now();
    const summary = {
      pipeline: entry.name,
      wallMs: end - started,
      showMs: end - showStart,
      volumeSent: result.volumeSent,
      startedAt: started,
      receivedAt: showStart,
      shownAt: end,
    };
    const timings = runTimings(summary, result.timings);
    return { state: 'done', message: doneMessage(timings), texts, timings };
  }
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'number') return `the pipeline aborted (exception ${error})`;
  return String(error);
}
