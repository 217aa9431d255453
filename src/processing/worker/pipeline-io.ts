/** A run request's inputs and outputs as itk-wasm's runPipeline takes them (memory IO). */
import { type Image, InterfaceTypes, type PipelineInput, type PipelineOutput } from 'itk-wasm';
import type { RunRequest } from '../pipeline-worker-api';

/** Image inputs get `image` (the held volume), text and JSON inputs their text. */
export function pipelineInputs(request: RunRequest, image: Image | undefined): PipelineInput[] {
  return request.inputs.map((input) => {
    switch (input.binding) {
      case 'image':
        return { type: InterfaceTypes.Image, data: image! };
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
}

export function pipelineOutputs(request: RunRequest): PipelineOutput[] {
  return request.outputs.map((output) => {
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
}
