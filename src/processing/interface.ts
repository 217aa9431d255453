/**
 * The itk-wasm pipeline interface (what `<pipeline> --interface-json` prints) and the pure mapping
 * from it to form fields and back to command-line arguments. No DOM, no itk-wasm: tested in Node.
 */

/** One input, output or parameter of `--interface-json`. */
export interface InterfaceItem {
  name: string;
  type: string;
  description?: string;
  required?: boolean;
  itemsExpected?: number;
  itemsExpectedMin?: number;
  itemsExpectedMax?: number;
  /** CLI11's default as text: "1", "", "false", "[2,2]", "{}". */
  default?: string;
  /** Not written by itk-wasm's CLI11 front end today; honoured when a pipeline adds them. */
  choices?: Array<string | number>;
  minimum?: number;
  maximum?: number;
  step?: number;
}

export interface PipelineInterface {
  name: string;
  description: string;
  version: string;
  inputs: InterfaceItem[];
  outputs: InterfaceItem[];
  parameters: InterfaceItem[];
}

/** Flags itk-wasm's front end adds to every pipeline: the app sets them itself, so they are no fields. */
export const RESERVED_PARAMETERS: readonly string[] = ['memory-io', 'version', 'help', 'interface-json'];

export type NumberType = 'int' | 'uint' | 'float';

interface FieldBase {
  /** The parameter or input name; the option is `--<name>`, the test id `pipeline-param-<name>`. */
  name: string;
  label: string;
  description: string;
  required: boolean;
  /** Where the value goes on the command line. */
  placement: 'option' | 'positional';
  /** Position among the interface inputs (positional fields only). */
  inputIndex?: number;
}

export interface NumberField extends FieldBase {
  kind: 'number';
  numberType: NumberType;
  default: string;
  min?: number;
  max?: number;
  step: number | 'any';
}

export interface BooleanField extends FieldBase {
  kind: 'boolean';
  default: boolean;
}

export interface ChoiceField extends FieldBase {
  kind: 'choice';
  choices: string[];
  default: string;
}

export interface VectorField extends FieldBase {
  kind: 'vector';
  numberType: NumberType | null;
  /** Fixed count (min === max) or a range of counts. */
  minItems: number;
  maxItems: number | null;
  default: string[];
  min?: number;
  max?: number;
  step: number | 'any';
  /** An I,J,K voxel index: the form offers to fill it from the crosshair. */
  voxelIndex: boolean;
}

export interface TextField extends FieldBase {
  kind: 'text';
  /** Text or JSON typed by the user (positional text/JSON stream inputs): a multi-line box. */
  multiline: boolean;
  default: string;
}

export type FieldDescription = NumberField | BooleanField | ChoiceField | VectorField | TextField;

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

/** Parses `--interface-json` output (stdout); throws with a readable message when it is not one. */
export function parseInterfaceJson(text: string): PipelineInterface {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`--interface-json did not print JSON: ${text.trim().slice(0, 120) || '(nothing)'}`);
  }
  if (!isRecord(value) || typeof value.name !== 'string') throw new Error('--interface-json printed no pipeline name');
  const items = (key: string): InterfaceItem[] => {
    const list = value[key] ?? [];
    if (!Array.isArray(list)) throw new Error(`--interface-json: "${key}" is not a list`);
    return list.map((item, index) => {
      if (!isRecord(item) || typeof item.name !== 'string' || typeof item.type !== 'string') {
        throw new Error(`--interface-json: ${key}[${index}] has no name or type`);
      }
      return item as unknown as InterfaceItem;
    });
  };
  return {
    name: value.name,
    description: typeof value.description === 'string' ? value.description : '',
    version: typeof value.version === 'string' ? value.version : '',
    inputs: items('inputs'),
    outputs: items('outputs'),
    parameters: items('parameters'),
  };
}

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
    return { ...base, kind: 'choice', choices, default: choices.includes(defaultText) ? defaultText : base.required ? '' : choices[0]! };
  }
  const numberType = NUMBER_TYPES[parameter.type] ?? null;
  if (numberType === null && parameter.type !== 'TEXT') return null;
  const step = typeof parameter.step === 'number' ? parameter.step : numberType === 'float' || numberType === null ? ('any' as const) : 1;
  if (numberType === 'uint' && bounds.min === undefined) Object.assign(bounds, { min: 0 });

  const expected = parameter.itemsExpected ?? 1;
  const minItems = parameter.itemsExpectedMin ?? expected;
  const maxItems = parameter.itemsExpectedMax ?? expected;
  if (expected > 1 || maxItems > 1) {
    const variable = maxItems !== minItems;
    let defaults = splitList(defaultText);
    const dimension = options.imageDimension;
    // A "per axis" vector (e.g. shrink factors, default [2,2]) is sized for the image at hand.
    if (variable && dimension && numberType && minItems <= dimension && dimension <= maxItems && defaults.length > 0 && defaults.length < dimension && defaults.every((d) => d === defaults[0])) {
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

/** Raw form values: a string per scalar field, a string per item for vectors, a boolean for checkboxes. */
export type FieldValues = Record<string, string | string[] | boolean>;

export interface ArgsResult {
  /** Option and positional arguments of the fields, in interface order (`--radius 2 --seed 1 2 3`). */
  optionArgs: string[];
  /** Values of positional text/JSON inputs by input index. */
  positional: Map<number, string>;
  /** Field name → message, empty when everything is valid. */
  errors: Record<string, string>;
}

/** Validates the raw values and turns them into command-line arguments. */
export function fieldArgs(fields: FieldDescription[], values: FieldValues): ArgsResult {
  const optionArgs: string[] = [];
  const positional = new Map<number, string>();
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const raw = values[field.name];
    const flag = `--${field.name}`;
    switch (field.kind) {
      case 'boolean':
        if (raw === true) optionArgs.push(flag);
        break;
      case 'choice': {
        const value = typeof raw === 'string' ? raw : field.default;
        if (value === '') {
          if (field.required) errors[field.name] = 'choose a value';
        } else if (!field.choices.includes(value)) errors[field.name] = `must be one of ${field.choices.join(', ')}`;
        else optionArgs.push(flag, value);
        break;
      }
      case 'text': {
        const value = typeof raw === 'string' ? raw : field.default;
        if (field.placement === 'positional') {
          if (field.inputIndex !== undefined) positional.set(field.inputIndex, value);
        } else if (value === '') {
          if (field.required) errors[field.name] = 'required';
        } else optionArgs.push(flag, value);
        break;
      }
      case 'number': {
        const value = (typeof raw === 'string' ? raw : '').trim();
        if (value === '') {
          if (field.required) errors[field.name] = 'required';
          break;
        }
        const problem = numberProblem(value, field);
        if (problem) errors[field.name] = problem;
        else optionArgs.push(flag, value);
        break;
      }
      case 'vector': {
        const items = (Array.isArray(raw) ? raw : typeof raw === 'string' ? splitList(raw) : []).map((s) => s.trim());
        if (items.every((s) => s === '')) {
          if (field.required) errors[field.name] = 'required';
          break;
        }
        if (items.some((s) => s === '')) {
          errors[field.name] = 'fill every item';
          break;
        }
        if (items.length < field.minItems || (field.maxItems !== null && items.length > field.maxItems)) {
          errors[field.name] =
            field.maxItems === field.minItems ? `needs ${field.minItems} values` : `needs ${field.minItems}${field.maxItems === null ? ' or more' : `–${field.maxItems}`} values`;
          break;
        }
        const problem = field.numberType ? items.map((s) => numberProblem(s, { ...field, numberType: field.numberType! })).find(Boolean) : undefined;
        if (problem) errors[field.name] = problem;
        else optionArgs.push(flag, ...items);
        break;
      }
    }
  }
  return { optionArgs, positional, errors };
}

function numberProblem(value: string, field: { numberType: NumberType; min?: number; max?: number; step: number | 'any' }): string | undefined {
  const pattern = field.numberType === 'float' ? /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/ : field.numberType === 'uint' ? /^\+?\d+$/ : /^[-+]?\d+$/;
  if (!pattern.test(value)) return field.numberType === 'float' ? 'not a number' : field.numberType === 'uint' ? 'not a whole number ≥ 0' : 'not a whole number';
  const n = Number(value);
  if (!Number.isFinite(n)) return 'not a number';
  if (field.min !== undefined && n < field.min) return `must be ≥ ${field.min}`;
  if (field.max !== undefined && n > field.max) return `must be ≤ ${field.max}`;
  if (typeof field.step === 'number' && field.step > 0 && field.numberType === 'float') {
    const base = field.min ?? 0;
    const k = (n - base) / field.step;
    if (Math.abs(k - Math.round(k)) > 1e-9 * Math.max(1, Math.abs(k))) return `must be a multiple of ${field.step}`;
  }
  return undefined;
}

/** Full argument list as itk-wasm's generated bindings build it: positional inputs, outputs, `--memory-io`, options. */
export function pipelineArgs(plan: PipelinePlan, fieldResult: ArgsResult): string[] {
  const args: string[] = [];
  plan.inputs.forEach((_, index) => args.push(String(index)));
  plan.outputs.forEach((output, index) => args.push(output.kind === 'text-file' ? outputFileName(index) : String(index)));
  args.push('--memory-io');
  args.push(...fieldResult.optionArgs);
  return args;
}

export function outputFileName(index: number): string {
  return `output-${index}.txt`;
}

/** CLI11 default text without decoration: `[2,2]` → `2,2`, `{}` → ``, `"x"` → `x`. */
function cleanDefault(text: string | undefined): string {
  const value = (text ?? '').trim();
  if (value === '{}' || value === '[]') return '';
  if (/^\[.*\]$/.test(value)) return value.slice(1, -1);
  if (/^".*"$/.test(value)) return value.slice(1, -1);
  return value;
}

function splitList(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  return trimmed.split(/[\s,;]+/).filter((s) => s !== '');
}

function labelOf(name: string): string {
  const words = name.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nearest voxel index (clamped into the grid) of a world point. */
export function nearestVoxel(continuous: readonly [number, number, number], dimensions: readonly [number, number, number]): [number, number, number] {
  return continuous.map((c, axis) => Math.min(dimensions[axis]! - 1, Math.max(0, Math.round(c)))) as [number, number, number];
}
