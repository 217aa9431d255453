/**
 * From a pipeline's interface to everything the form and the runner need: the fields of its
 * parameters and text inputs, how each input is fed and each output read, and what the app cannot
 * run. Pure; tested in Node against the real `--interface-json` of the built pipelines.
 */
import { type FieldDescription, type NumberType, splitList } from './form-fields';
import { type InterfaceItem, type PipelineInterface, RESERVED_PARAMETERS } from './interface-json';

/** How the app feeds a positional input or reads a positional output (itk-wasm memory IO). */
export type InputBinding = 'image' | 'text-stream' | 'json' | 'field';
export type OutputKind = 'image' | 'json' | 'text-stream' | 'binary-stream' | 'text-file';

export interface PipelinePlan {
  fields: FieldDescription[];
  /** One per interface input, in order. */
  inputs: Array<{ name: string; type: string; binding: InputBinding }>;
  /** One per interface output, in order. */
  outputs: Array<{ name: string; type: string; kind: OutputKind }>;
  /** Why the app cannot run this pipeline (unsupported input or output types), if it cannot. */
  unsupported: string[];
}

const INPUT_BINDINGS: Record<string, InputBinding> = {
  INPUT_IMAGE: 'image',
  INPUT_TEXT_STREAM: 'text-stream',
  INPUT_JSON: 'json',
};

const OUTPUT_KINDS: Record<string, OutputKind> = {
  OUTPUT_IMAGE: 'image',
  OUTPUT_JSON: 'json',
  OUTPUT_TEXT_STREAM: 'text-stream',
  OUTPUT_BINARY_STREAM: 'binary-stream',
  OUTPUT_TEXT_FILE: 'text-file',
};

const NUMBER_TYPES: Record<string, NumberType> = { INT: 'int', UINT: 'uint', FLOAT: 'float' };

export interface PlanOptions {
  /** Dimension of the image inputs: variable-length per-axis vectors get this many default items. */
  imageDimension?: number;
}

/** Everything the form and the runner need, derived from the interface alone. */
export function planPipeline(iface: PipelineInterface, options: PlanOptions = {}): PipelinePlan {
  const unsupported: string[] = [];
  const fields: FieldDescription[] = [];
  const inputs = iface.inputs.map((input, inputIndex) => {
    const binding = INPUT_BINDINGS[input.type];
    if (!binding) {
      unsupported.push(`input "${input.name}" of type ${input.type}`);
      return { name: input.name, type: input.type, binding: 'field' as const };
    }
    if (binding === 'image') return { name: input.name, type: input.type, binding };
    fields.push({
      kind: 'text',
      name: input.name,
      label: labelOf(input.name),
      description: input.description ?? '',
      required: true,
      placement: 'positional',
      inputIndex,
      multiline: true,
      default: binding === 'json' ? '{}' : '',
    });
    return { name: input.name, type: input.type, binding };
  });
  const outputs = iface.outputs.map((output) => {
    const kind = OUTPUT_KINDS[output.type];
    if (!kind) unsupported.push(`output "${output.name}" of type ${output.type}`);
    return { name: output.name, type: output.type, kind: kind ?? ('binary-stream' as const) };
  });
  for (const parameter of iface.parameters) {
    if (RESERVED_PARAMETERS.includes(parameter.name)) continue;
    const field = parameterField(parameter, options);
    if (field) fields.push(field);
    else unsupported.push(`parameter "${parameter.name}" of type ${parameter.type}`);
  }
  return { fields, inputs, outputs, unsupported };
}

/** The field of one `--name` parameter, or null for a type the form cannot offer. */
export function parameterField(parameter: InterfaceItem, options: PlanOptions = {}): FieldDescription | null {
  const base = {
    name: parameter.name,
    label: labelOf(parameter.name),
    description: parameter.description ?? '',
    required: parameter.required === true,
    placement: 'option' as const,
  };
  const defaultText = cleanDefault(parameter.default);
  const bounds = {
    ...(typeof parameter.minimum === 'number' ? { min: parameter.minimum } : {}),
    ...(typeof parameter.maximum === 'number' ? { max: parameter.maximum } : {}),
  };
  if (parameter.type === 'BOOL') {
    return { ...base, kind: 'boolean', required: false, default: defaultText === 'true' || defaultText === '1' };
  }
  if (Array.isArray(parameter.choices) && parameter.choices.length > 0) {
    const choices = parameter.choices.map(String);
    return {
      ...base,
      kind: 'choice',
      choices,
      default: choices.includes(defaultText) ? defaultText : base.required ? '' : choices[0]!,
    };
  }
  const numberType = NUMBER_TYPES[parameter.type] ?? null;
  if (numberType === null && parameter.type !== 'TEXT') return null;
  const step =
    typeof parameter.step === 'number' ? parameter.step : numberType === 'float' || numberType === null ? ('any' as const) : 1;
  if (numberType === 'uint' && bounds.min === undefined) Object.assign(bounds, { min: 0 });

  const expected = parameter.itemsExpected ?? 1;
  const minItems = parameter.itemsExpectedMin ?? expected;
  const maxItems = parameter.itemsExpectedMax ?? expected;
  if (expected > 1 || maxItems > 1) {
    const variable = maxItems !== minItems;
    let defaults = splitList(defaultText);
    const dimension = options.imageDimension;
    // A "per axis" vector (e.g. shrink factors, default [2,2]) is sized for the image at hand.
    if (
      variable &&
      dimension &&
      numberType &&
      minItems <= dimension &&
      dimension <= maxItems &&
      defaults.length > 0 &&
      defaults.length < dimension &&
      defaults.every((d) => d === defaults[0])
    ) {
      defaults = Array.from({ length: dimension }, () => defaults[0]!);
    }
    return {
      ...base,
      kind: 'vector',
      numberType,
      minItems,
      maxItems: variable && maxItems >= 1 << 20 ? null : maxItems,
      default: defaults,
      step,
      ...bounds,
      voxelIndex: isVoxelIndex(parameter, numberType, minItems, maxItems),
    };
  }
  if (numberType === null) return { ...base, kind: 'text', multiline: false, default: defaultText };
  return { ...base, kind: 'number', numberType, default: defaultText, step, ...bounds };
}

/** An integer 3-vector named or described as a seed / voxel index (connected-threshold's `--seed I,J,K`). */
function isVoxelIndex(parameter: InterfaceItem, numberType: NumberType | null, minItems: number, maxItems: number): boolean {
  if (numberType !== 'int' && numberType !== 'uint') return false;
  if (minItems !== 3 || maxItems !== 3) return false;
  return /seed|index|voxel/i.test(`${parameter.name} ${parameter.description ?? ''}`);
}

/** CLI11 default text without decoration: `[2,2]` → `2,2`, `{}` → ``, `"x"` → `x`. */
function cleanDefault(text: string | undefined): string {
  const value = (text ?? '').trim();
  if (value === '{}' || value === '[]') return '';
  if (/^\[.*\]$/.test(value)) return value.slice(1, -1);
  if (/^".*"$/.test(value)) return value.slice(1, -1);
  return value;
}

function labelOf(name: string): string {
  const words = name.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
