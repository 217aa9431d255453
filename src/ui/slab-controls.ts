import { el } from '../dom/elements';
import type { Reslicing } from '../views/reslicing';
import { SLAB_MODES, isThin, parseSlab } from '../views/slab';
import type { ShortcutRegistry } from './shortcuts';

/** A slab typed without a thickness starts at this many mm. */
const DEFAULT_SLAB_MM = 10;

/**
 * Thick slab and oblique controls of the slice panes: `[data-testid=slab-thickness]` (mm; empty or 0 is
 * the thin slice), `[data-testid=slab-mode]` (off, MIP, MinIP, mean) and a button that brings the
 * crosshair axes back to the axis-aligned planes. Inputs apply on `change`, as the other controls do.
 */
export function createSlabControls(reslicing: Reslicing, keys?: ShortcutRegistry): HTMLElement {
  // Handled by the slice panes themselves (src/views/oblique-drag.ts): listed for the `?` sheet.
  keys?.list({ keys: 'Alt + drag', description: 'Turn the crosshair axes (oblique planes)', where: 'slice pane' });
  keys?.list({ keys: 'o', description: 'Axis-aligned planes again', where: 'focused slice pane' });
  const thickness = el('input', {
    type: 'number',
    'data-testid': 'slab-thickness',
    min: 0,
    step: 1,
    placeholder: 'thin',
    title: 'Slab thickness (mm); empty or 0 for the thin slice',
  });
  const mode = el('select', { 'data-testid': 'slab-mode', title: 'Slab mode' }, el('option', { value: 'off' }, 'Thin slice'));
  for (const { mode: value, label } of SLAB_MODES) mode.append(el('option', { value }, label));
  const resetAxes = el(
    'button',
    { type: 'button', 'data-testid': 'oblique-reset', title: 'Axis-aligned planes again (key o in a slice pane)' },
    'Reset axes',
  );

  const sync = () => {
    const slab = reslicing.slab;
    mode.value = isThin(slab) ? 'off' : slab.mode;
    thickness.value = isThin(slab) ? '' : String(slab.thicknessMm);
  };
  thickness.addEventListener('change', () => {
    // A thickness typed while the mode says "thin" means a slab: MIP unless said otherwise.
    reslicing.setSlab(parseSlab(thickness.value, mode.value === 'off' ? 'max' : mode.value));
  });
  mode.addEventListener('change', () => {
    const mm = thickness.value.trim() === '' || Number(thickness.value) <= 0 ? String(DEFAULT_SLAB_MM) : thickness.value;
    reslicing.setSlab(parseSlab(mm, mode.value));
  });
  resetAxes.addEventListener('click', () => reslicing.resetAxes());
  reslicing.onChange(sync);
  sync();

  // Inside .view-controls for the same look as the window/level and 3D fieldsets.
  return el(
    'div',
    { className: 'view-controls' },
    el('fieldset', {}, el('legend', {}, 'Slab / oblique'), el('label', {}, 'mm ', thickness), mode, resetAxes),
  );
}
