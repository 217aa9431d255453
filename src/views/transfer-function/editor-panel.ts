import { el } from '../../dom/elements';
import { COLOUR_MAPS, PRESET_COLOURS, hasColourMap } from './colour-nodes';
import { CANVAS_HEIGHT, type PiecewiseGaussianWidget } from './gaussian-widget';

const SMALL_TEXT = 'font-size: 11px; color: #9a9a9a;';
const LABEL_ROW = 'display: flex; gap: 6px; align-items: center; margin-bottom: 4px;';
const HINT =
  'Double-click adds a peak, right-click removes one (or + / −). Drag a peak to move it: top dot = opacity, ' +
  'middle square = shape, bottom bar = width. Drag the top strip to zoom the HU axis.';

/**
 * The editor's page elements: the colour-map choice, the widget's canvas (as wide as the sidebar),
 * the HU axis under it with the read-out of the point under the mouse, and a usage hint.
 */
export class TransferFunctionPanel {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly colourMap: HTMLSelectElement;
  private readonly presetOption: HTMLOptionElement;
  private readonly axisLow: HTMLElement;
  private readonly axisHigh: HTMLElement;
  private readonly readout: HTMLElement;

  constructor(widget: PiecewiseGaussianWidget) {
    const canvasHost = el('div', { style: 'width: 100%; min-width: 0;' });
    const canvas = widget.getCanvas();
    canvas.setAttribute('data-testid', 'tf-canvas');
    canvas.setAttribute('aria-label', 'Opacity curve over the HU histogram');
    canvas.style.display = 'block';
    widget.setContainer(canvasHost);
    widget.bindMouseListeners();
    this.canvas = canvas;

    this.presetOption = el('option', { value: PRESET_COLOURS }, 'Preset colours');
    const colourMap = el(
      'select',
      { 'data-testid': 'tf-colormap', title: 'Colour map of the 3D rendering, spread over the HU range that has opacity' },
      this.presetOption,
    );
    colourMap.style.cssText = 'background: #222; color: #eee; border: 1px solid #444; border-radius: 3px; max-width: 100%;';
    for (const [name, label] of COLOUR_MAPS) {
      if (hasColourMap(name)) colourMap.append(el('option', { value: name }, label));
    }
    this.colourMap = colourMap;

    this.axisLow = el('span', {});
    this.axisHigh = el('span', {});
    this.readout = el('span', { 'data-testid': 'tf-readout', style: 'color: #ddd;' });
    const axis = el(
      'div',
      { style: `display: flex; justify-content: space-between; gap: 4px; ${SMALL_TEXT} padding-left: 24px;` },
      this.axisLow,
      this.readout,
      this.axisHigh,
    );
    const hint = el('div', { className: 'tf-hint', style: `${SMALL_TEXT} line-height: 1.35; margin-top: 2px;` }, HINT);

    this.element = el(
      'fieldset',
      {
        className: 'tf-editor',
        'data-testid': 'tf-editor',
        style: 'border: 1px solid #333; border-radius: 4px; margin: 6px 0; padding: 4px 8px 8px; min-width: 0;',
      },
      el('legend', {}, '3D opacity & colour'),
      el('label', { style: `${SMALL_TEXT} ${LABEL_ROW}` }, 'Colours', colourMap),
      canvasHost,
      axis,
      hint,
    );

    // The canvas takes the width the sidebar gives it (setSize clears the canvas, so only on change).
    let width = 280;
    new ResizeObserver(() => {
      const available = Math.floor(canvasHost.clientWidth);
      if (available > 50 && available !== width) {
        width = available;
        widget.setSize(width, CANVAS_HEIGHT);
        widget.render();
      }
    }).observe(canvasHost);
  }

  /** The HU values at the ends of the (zoomed) axis. */
  showAxis(low: number, high: number): void {
    this.axisLow.textContent = `${Math.round(low)} HU`;
    this.axisHigh.textContent = `${Math.round(high)} HU`;
  }

  showReadout(text: string): void {
    this.readout.textContent = text;
  }

  /** Selects the option that restores the preset's colours, labelled `label`. */
  selectPresetColours(label: string): void {
    this.presetOption.textContent = label;
    this.colourMap.value = PRESET_COLOURS;
  }
}
