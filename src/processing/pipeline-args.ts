/** The full command line of one run, built as itk-wasm's generated bindings build theirs. */
import type { ArgsResult } from './field-values';
import type { PipelinePlan } from './pipeline-plan';

/** Full argument list as itk-wasm's generated bindings build it: positional inputs, outputs, `--memory-io`, options. */
export function pipelineArgs(plan: PipelinePlan, fieldResult: ArgsResult): string[] {
  const args: string[] = [];
  plan.inputs.forEach((_, index) => args.push(String(index)));
  plan.outputs.forEach((output, index) => args.push(output.kind === 'text-file' ? outputFileName(index) : String(index)));
  args.push('--memory-io');
  args.push(...fieldResult.optionArgs);
  return args;
}

/** The virtual file a text-file output is written to (memory IO has no index for those). */
export function outputFileName(index: number): string {
  return `output-${index}.txt`;
}
