/**
 * The form fields a pipeline's parameters (and its text / JSON inputs) become, and the list syntax
 * of vector values shared by the planner (defaults) and the validation (typed values).
 */

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

/** Items of a vector typed as one text: `2,2,2`, `2 2 2` or `2;2;2`. */
export function splitList(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  return trimmed.split(/[\s,;]+/).filter((s) => s !== '');
}
