/**
 * Validation of the values typed into a pipeline's form, and their command-line arguments. Pure;
 * the form checks each field with it as it changes, the runner all of them before a run.
 */
import { type FieldDescription, type NumberType, splitList } from './form-fields';

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
            field.maxItems === field.minItems
              ? `needs ${field.minItems} values`
              : `needs ${field.minItems}${field.maxItems === null ? ' or more' : `–${field.maxItems}`} values`;
          break;
        }
        const problem = field.numberType
          ? items.map((s) => numberProblem(s, { ...field, numberType: field.numberType! })).find(Boolean)
          : undefined;
        if (problem) errors[field.name] = problem;
        else optionArgs.push(flag, ...items);
        break;
      }
    }
  }
  return { optionArgs, positional, errors };
}

function numberProblem(
  value: string,
  field: { numberType: NumberType; min?: number; max?: number; step: number | 'any' },
): string | undefined {
  const pattern =
    field.numberType === 'float'
      ? /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/
      : field.numberType === 'uint'
        ? /^\+?\d+$/
        : /^[-+]?\d+$/;
  if (!pattern.test(value)) {
    return field.numberType === 'float'
      ? 'not a number'
      : field.numberType === 'uint'
        ? 'not a whole number ≥ 0'
        : 'not a whole number';
  }
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
