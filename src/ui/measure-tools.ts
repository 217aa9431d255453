import { el } from '../dom/elements';
import type { MeasurementKind } from '../volume/measure/measurement-record';
import type { MeasurementPanes } from '../views/measurements/measurement-panes';
import type { ShortcutRegistry } from './shortcuts';

/** The tools, their button text and key (letters not taken by the panes' own keys: m, r, o). */
const TOOLS: ReadonlyArray<{ kind: MeasurementKind; label: string; key: string; what: string }> = [
  { kind: 'length', label: 'Length', key: 'l', what: 'a length (mm): drag, or click twice' },
  { kind: 'angle', label: 'Angle', key: 'n', what: 'an angle (°): drag one arm, click the end of the other' },
  { kind: 'ellipse', label: 'Ellipse', key: 'e', what: 'an ellipse ROI (area, HU statistics): drag its box' },
  { kind: 'rectangle', label: 'Rectangle', key: 'b', what: 'a rectangle ROI (area, HU statistics): drag it' },
  { kind: 'probe', label: 'Probe', key: 'p', what: 'a probe that stays (HU at a point): click' },
];

/**
 * The measuring tool bar: a button per tool (pressed again, or Escape, gives the normal pointer back:
 * W/L drag and click for the cursor), with keys in the shortcut registry, and Delete / Backspace for
 * the selected measurement.
 */
export function createMeasureTools(measurements: MeasurementPanes, registry: ShortcutRegistry): HTMLElement {
  const buttons = TOOLS.map(({ kind, label, key, what }) => {
    const button = el(
      'button',
      { type: 'button', 'data-testid': `tool-${kind}`, 'aria-pressed': 'false', title: `Draw ${what} (${key})` },
      label,
    );
    button.addEventListener('click', () => measurements.setTool(measurements.tool === kind ? null : kind));
    registry.register({ key, description: `Measure: ${what}`, handler: () => measurements.setTool(kind), where: 'slice panes' });
    return button;
  });
  const show = (tool: MeasurementKind | null) => {
    TOOLS.forEach(({ kind }, index) => buttons[index]!.setAttribute('aria-pressed', String(kind === tool)));
    bar.dataset.tool = tool ?? 'none';
  };
  measurements.onToolChange(show);
  const deleteSelected = () => void measurements.deleteSelected();
  registry.register({ key: 'Delete', description: 'Delete the selected measurement', handler: deleteSelected });
  registry.register({ key: 'Backspace', description: 'Delete the selected measurement', handler: deleteSelected });
  registry.register({
    key: 'Escape',
    description: 'Leave the measuring tool (a measurement half drawn is dropped); restores a maximised pane too',
    handler: () => measurements.setTool(null),
  });
  const bar = el('div', { className: 'measure-tools', role: 'toolbar', 'aria-label': 'Measuring tools' }, ...buttons);
  show(measurements.tool);
  return el('fieldset', { className: 'measure-tools-box' }, el('legend', {}, 'Measure'), bar);
}
