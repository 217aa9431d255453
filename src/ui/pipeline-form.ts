import { type FieldDescription, type FieldValues, type VectorField, fieldArgs } from '../processing';
import { el } from '../dom/elements';

/** Where a voxel-index field gets the crosshair from. */
export interface CursorSource {
  /** Nearest voxel (I, J, K) of the crosshair in the displayed volume; null without a volume. */
  voxel(): [number, number, number] | null;
  /** Calls `listener` whenever the crosshair moves; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** Vectors with at most this many fixed items get one number box per item; others a comma list. */
const MAX_SEPARATE_ITEMS = 4;

interface FieldControl {
  field: FieldDescription;
  read(): string | string[] | boolean;
  error: HTMLElement;
  inputs: HTMLInputElement[] | Array<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>;
}

/**
 * The parameter form of one pipeline, generated from its field descriptions (processing/form-fields.ts). Each
 * field carries `data-testid="pipeline-param-<name>"`; image inputs have no field (they are the
 * displayed volume).
 */
export class PipelineForm {
  readonly element = el('div', { className: 'pipeline-form', 'data-testid': 'pipeline-form' });
  private readonly controls: FieldControl[] = [];
  private readonly cleanups: Array<() => void> = [];

  constructor(
    readonly fields: FieldDescription[],
    private readonly cursor: CursorSource,
  ) {
    for (const field of fields) this.element.append(this.render(field));
    if (fields.length === 0) this.element.append(el('p', { className: 'pipeline-hint' }, 'No parameters.'));
  }

  values(): FieldValues {
    const values: FieldValues = {};
    for (const control of this.controls) values[control.field.name] = control.read();
    return values;
  }

  /** Shows each field's problem next to it (and as the input's validity); clears the others. */
  showErrors(errors: Record<string, string>): void {
    for (const control of this.controls) {
      const message = errors[control.field.name] ?? '';
      control.error.textContent = message;
      control.error.hidden = message === '';
      for (const input of control.inputs) input.setCustomValidity(message);
    }
  }

  /** Validates everything; returns the option arguments or null (errors shown). */
  validate(): ReturnType<typeof fieldArgs> {
    const result = fieldArgs(this.fields, this.values());
    this.showErrors(result.errors);
    return result;
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private render(field: FieldDescription): HTMLElement {
    const testId = `pipeline-param-${field.name}`;
    const error = el('span', { className: 'pipeline-field-error', 'data-testid': `pipeline-error-${field.name}`, role: 'alert' });
    error.hidden = true;
    const title = field.description || field.label;
    const label = el('span', { className: 'pipeline-field-label', title }, field.required ? `${field.label} *` : field.label);
    let control: FieldControl;
    let body: HTMLElement;
    switch (field.kind) {
      case 'boolean': {
        const input = el('input', { type: 'checkbox', 'data-testid': testId, title });
        input.checked = field.default;
        control = { field, read: () => input.checked, error, inputs: [input] };
        body = el('label', { className: 'pipeline-field pipeline-field-boolean' }, input, ` ${field.label}`);
        this.controls.push(control);
        return el('div', {}, body, error);
      }
      case 'choice': {
        const select = el('select', { 'data-testid': testId, title });
        if (field.default === '') select.append(el('option', { value: '' }, '—'));
        for (const choice of field.choices) select.append(el('option', { value: choice }, choice));
        select.value = field.default;
        control = { field, read: () => select.value, error, inputs: [select] };
        body = select;
        break;
      }
      case 'text': {
        const input = field.multiline
          ? el('textarea', { 'data-testid': testId, title, rows: 3 })
          : el('input', { type: 'text', 'data-testid': testId, title });
        input.value = field.default;
        control = { field, read: () => input.value, error, inputs: [input] };
        body = input;
        break;
      }
      case 'number': {
        const input = numberInput(field, testId, title);
        input.value = field.default;
        if (field.required) input.required = true;
        control = { field, read: () => input.value, error, inputs: [input] };
        body = input;
        break;
      }
      case 'vector': {
        const result = this.renderVector(field, testId, title, error);
        control = result.control;
        body = result.body;
        break;
      }
    }
    this.controls.push(control);
    for (const input of control.inputs) input.addEventListener('change', () => this.check(control));
    return el('label', { className: `pipeline-field pipeline-field-${field.kind}` }, label, body, error);
  }

  private renderVector(
    field: VectorField,
    testId: string,
    title: string,
    error: HTMLElement,
  ): { control: FieldControl; body: HTMLElement } {
    const separate = field.maxItems === field.minItems && field.minItems <= MAX_SEPARATE_ITEMS && field.numberType !== null;
    if (!separate) {
      const input = el('input', {
        type: 'text',
        'data-testid': testId,
        title,
        placeholder: placeholderOf(field),
        inputmode: 'decimal',
      });
      input.value = field.default.join(',');
      return { control: { field, read: () => input.value, error, inputs: [input] }, body: input };
    }
    const axes = field.voxelIndex ? ['I', 'J', 'K'] : [];
    const inputs = Array.from({ length: field.minItems }, (_, index) => {
      const input = numberInput(
        { ...field, numberType: field.numberType! },
        `${testId}-${index}`,
        `${title} (${axes[index] ?? index + 1})`,
      );
      input.value = field.default[index] ?? '';
      input.classList.add('pipeline-vector-item');
      return input;
    });
    const group = el('span', { className: 'pipeline-vector', 'data-testid': testId, role: 'group', title });
    group.append(...inputs);
    const control: FieldControl = { field, read: () => inputs.map((input) => input.value), error, inputs };
    if (!field.voxelIndex) return { control, body: group };

    const fill = () => {
      const voxel = this.cursor.voxel();
      if (!voxel) return;
      inputs.forEach((input, index) => (input.value = String(voxel[index])));
      this.check(control);
    };
    const fromCursor = el(
      'button',
      { type: 'button', 'data-testid': `${testId}-cursor`, title: 'Fill with the voxel at the crosshair' },
      'Use crosshair',
    );
    fromCursor.addEventListener('click', fill);
    const pick = el('input', {
      type: 'checkbox',
      'data-testid': `${testId}-pick`,
      title: 'While on, a click in a slice view sets this voxel',
    });
    let unsubscribe: (() => void) | null = null;
    pick.addEventListener('change', () => {
      unsubscribe?.();
      unsubscribe = pick.checked ? this.cursor.subscribe(fill) : null;
    });
    this.cleanups.push(() => unsubscribe?.());
    const body = el(
      'span',
      { className: 'pipeline-vector-row' },
      group,
      fromCursor,
      el('label', { className: 'pipeline-pick' }, pick, ' pick'),
    );
    return { control, body };
  }

  private check(control: FieldControl): void {
    const result = fieldArgs([control.field], { [control.field.name]: control.read() });
    const message = result.errors[control.field.name] ?? '';
    control.error.textContent = message;
    control.error.hidden = message === '';
    for (const input of control.inputs) input.setCustomValidity(message);
  }
}

function numberInput(
  field: { numberType: 'int' | 'uint' | 'float'; min?: number; max?: number; step: number | 'any' },
  testId: string,
  title: string,
): HTMLInputElement {
  return el('input', {
    type: 'number',
    'data-testid': testId,
    title,
    step: field.step,
    min: field.min,
    max: field.max,
    inputmode: field.numberType === 'float' ? 'decimal' : 'numeric',
  });
}

function placeholderOf(field: VectorField): string {
  const count = field.default.length || field.minItems;
  return Array.from({ length: Math.max(1, count) }, () => (field.numberType === 'float' ? '0.0' : '0')).join(',');
}
