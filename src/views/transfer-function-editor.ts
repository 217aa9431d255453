import type vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkColorMaps from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction/ColorMaps';
// @ts-expect-error vtk.js 37 ships no type declarations for this widget; the part used is typed below.
import vtkPiecewiseGaussianWidgetModule from '@kitware/vtk.js/Interaction/Widgets/PiecewiseGaussianWidget';
import { el } from '../dom/elements';
import type { CtVolume } from '../volume/ct-volume';
import {
  type Gaussian,
  fitGaussians,
  huHistogram,
  logScaledHistogram,
  opacityHuRange,
  rescaleRgbPoints,
  widenRange,
} from './transfer-function-math';
import { VOLUME_PRESETS } from './volume-presets';
import type { VolumeView } from './volume-view';

interface Subscription {
  unsubscribe(): void;
}

interface WidgetStyle {
  backgroundColor: string;
  histogramColor: string;
  strokeColor: string;
  activeColor: string;
  buttonDisableFillColor: string;
  buttonDisableStrokeColor: string;
  buttonStrokeColor: string;
  buttonFillColor: string;
  handleColor: string;
  strokeWidth: number;
  activeStrokeWidth: number;
  buttonStrokeWidth: number;
  handleWidth: number;
  iconSize: number;
  padding: number;
  zoomControlHeight: number;
  zoomControlColor: string;
}

/** What this editor uses of vtk.js's PiecewiseGaussianWidget (Interaction/Widgets, vtk.js 37). */
interface PiecewiseGaussianWidget {
  setContainer(element: HTMLElement | null): void;
  getCanvas(): HTMLCanvasElement;
  setSize(width: number, height: number): void;
  updateStyle(style: Partial<WidgetStyle>): void;
  setPiecewiseSize(size: number): boolean;
  setGaussians(gaussians: Gaussian[]): void;
  getGaussians(): Gaussian[];
  setColorTransferFunction(colour: vtkColorTransferFunction | null): boolean;
  setRangeZoom(min: number, max: number): boolean;
  getRangeZoom(): [number, number];
  applyOpacity(opacity: vtkPiecewiseFunction, dataRange?: [number, number]): void;
  bindMouseListeners(): void;
  render(): void;
  modified(): void;
  /** Generic vtk.js model access: the widget has no setter for its histogram or data range. */
  set(fields: Record<string, unknown>, noWarning?: boolean): boolean;
  get(...names: string[]): Record<string, unknown>;
  /** Every opacity change: gaussians set, added or removed, and each drag step (`dragging` true). */
  onOpacityChange(callback: (widget: PiecewiseGaussianWidget, dragging?: boolean) => void): Subscription;
  /** true on mouse down in the canvas, false on release or leaving it. */
  onAnimation(callback: (active: boolean) => void): Subscription;
  onZoomChange(callback: (rangeZoom: [number, number]) => void): Subscription;
}

const vtkPiecewiseGaussianWidget = vtkPiecewiseGaussianWidgetModule as {
  newInstance(initialValues?: Record<string, unknown>): PiecewiseGaussianWidget;
};

/** Value of the colour-map option that restores the colours the 3D preset came with. */
const PRESET_COLOURS = 'preset';
/** vtk.js colour-map presets offered, by their vtk.js name, with a shorter label. */
const COLOUR_MAPS: ReadonlyArray<readonly [name: string, label: string]> = [
  ['Grayscale', 'Grayscale'],
  ['Black-Body Radiation', 'Black-body'],
  ['Inferno (matplotlib)', 'Inferno'],
  ['Viridis (matplotlib)', 'Viridis'],
  ['Cool to Warm', 'Cool to warm'],
  ['erdc_rainbow_bright', 'Rainbow (bright)'],
];
/** Opacity samples the widget keeps and writes into the volume's opacity function. */
const PIECEWISE_SIZE = 512;
/** Samples of the current opacity curve the gaussian fit works on. */
const FIT_SAMPLES = 256;
/** Nodes written into the colour function for a colour map (RGB space, so presets stay RGB). */
const COLOUR_SAMPLES = 128;
const HISTOGRAM_BINS = 256;
const CANVAS_HEIGHT = 150;
/** Until a volume is set: the usual CT range. */
const DEFAULT_RANGE: [number, number] = [-1024, 3071];

const DARK_STYLE: Partial<WidgetStyle> = {
  backgroundColor: 'rgba(12, 12, 12, 1)',
  histogramColor: 'rgba(150, 150, 150, 0.45)',
  strokeColor: 'rgb(235, 235, 235)',
  activeColor: 'rgb(74, 158, 255)',
  buttonFillColor: 'rgba(42, 42, 42, 1)',
  buttonStrokeColor: 'rgba(220, 220, 220, 1)',
  buttonDisableFillColor: 'rgba(42, 42, 42, 0.5)',
  buttonDisableStrokeColor: 'rgba(220, 220, 220, 0.3)',
  handleColor: 'rgb(120, 210, 120)',
  strokeWidth: 2,
  activeStrokeWidth: 2,
  handleWidth: 2,
  iconSize: 18,
  padding: 6,
  zoomControlHeight: 8,
  zoomControlColor: 'rgba(110, 110, 110, 1)',
};

type ColourNode = { x: number; r: number; g: number; b: number; midpoint: number; sharpness: number };

/**
 * Opacity and colour transfer-function editor for the 3D pane, drawn over the volume's HU histogram
 * with vtk.js's PiecewiseGaussianWidget. Edits go straight into `volumeView.opacity` and
 * `volumeView.colour` (HU domain); the voxels are never touched.
 */
export class TransferFunctionEditor {
  readonly element: HTMLElement;
  private readonly widget: PiecewiseGaussianWidget;
  private readonly colourMap: HTMLSelectElement;
  private readonly presetOption: HTMLOptionElement;
  private readonly axisLow: HTMLElement;
  private readonly axisHigh: HTMLElement;
  private readonly readout: HTMLElement;
  private range: [number, number] = DEFAULT_RANGE;
  /** The colour nodes the current preset (or projection ramp) set, for the "preset colours" option. */
  private presetColours: ColourNode[] = [];
  /** >0 while this editor writes the transfer functions, so its own writes are not taken for outside changes. */
  private writing = 0;
  /** True while gaussians are being replaced by a fit: that is not a user edit. */
  private syncing = false;
  private resyncQueued = false;
  private waitingForVolume = false;

  constructor(private readonly volumeView: VolumeView) {
    this.widget = vtkPiecewiseGaussianWidget.newInstance({ numberOfBins: HISTOGRAM_BINS, size: [280, CANVAS_HEIGHT] });
    this.widget.updateStyle(DARK_STYLE);
    this.widget.setPiecewiseSize(PIECEWISE_SIZE);
    this.widget.set({ dataRange: [...this.range] }, true);
    this.widget.setColorTransferFunction(volumeView.colour);

    const canvasHost = el('div', { style: 'width: 100%; min-width: 0;' });
    const canvas = this.widget.getCanvas();
    canvas.setAttribute('data-testid', 'tf-canvas');
    canvas.setAttribute('aria-label', 'Opacity curve over the HU histogram');
    canvas.style.display = 'block';
    this.widget.setContainer(canvasHost);
    this.widget.bindMouseListeners();

    this.presetOption = el('option', { value: PRESET_COLOURS }, 'Preset colours');
    this.colourMap = el('select', { 'data-testid': 'tf-colormap', title: 'Colour map of the 3D rendering, spread over the HU range that has opacity' }, this.presetOption);
    this.colourMap.style.cssText = 'background: #222; color: #eee; border: 1px solid #444; border-radius: 3px; max-width: 100%;';
    for (const [name, label] of COLOUR_MAPS) {
      if (vtkColorMaps.getPresetByName(name)) this.colourMap.append(el('option', { value: name }, label));
    }
    this.colourMap.addEventListener('change', () => this.applyColourMap());

    const small = 'font-size: 11px; color: #9a9a9a;';
    this.axisLow = el('span', {});
    this.axisHigh = el('span', {});
    this.readout = el('span', { 'data-testid': 'tf-readout', style: 'color: #ddd;' });
    const axis = el('div', { style: `display: flex; justify-content: space-between; gap: 4px; ${small} padding-left: 24px;` }, this.axisLow, this.readout, this.axisHigh);
    const hint = el(
      'div',
      { className: 'tf-hint', style: `${small} line-height: 1.35; margin-top: 2px;` },
      'Double-click adds a peak, right-click removes one (or + / −). Drag a peak to move it: top dot = opacity, middle square = shape, bottom bar = width. Drag the top strip to zoom the HU axis.',
    );

    this.element = el(
      'fieldset',
      { className: 'tf-editor', 'data-testid': 'tf-editor', style: 'border: 1px solid #333; border-radius: 4px; margin: 6px 0; padding: 4px 8px 8px; min-width: 0;' },
      el('legend', {}, '3D opacity & colour'),
      el('label', { style: `${small} display: flex; gap: 6px; align-items: center; margin-bottom: 4px;` }, 'Colours', this.colourMap),
      canvasHost,
      axis,
      hint,
    );

    this.widget.onOpacityChange((_widget, dragging) => {
      if (this.syncing) return;
      this.writeOpacity();
      // A finished edit (release, add, remove) re-spreads a colour map over the new opacity range.
      if (!dragging) this.refitColourMap();
    });
    this.widget.onAnimation((active) => {
      if (!active) this.refitColourMap();
    });
    this.widget.onZoomChange(() => this.updateAxis());
    canvas.addEventListener('mousemove', (event) => this.updateReadout(event.offsetX));
    canvas.addEventListener('mouseleave', () => (this.readout.textContent = ''));

    // The viewer resets the transfer functions itself (preset, blend mode, new image, projection
    // window): follow it, so the curve drawn is always the one rendered.
    volumeView.opacity.onModified(() => this.externalChange());
    volumeView.colour.onModified(() => this.externalChange());

    // The canvas takes the width the sidebar gives it (setSize clears the canvas, so only on change).
    let width = 280;
    new ResizeObserver(() => {
      const available = Math.floor(canvasHost.clientWidth);
      if (available > 50 && available !== width) {
        width = available;
        this.widget.setSize(width, CANVAS_HEIGHT);
        this.widget.render();
      }
    }).observe(canvasHost);

    this.updateAxis();
    this.syncFromPreset();
  }

  /** Histogram and HU range of a newly shown volume; the curve is refitted to the current preset. */
  setVolume(volume: CtVolume): void {
    this.waitingForVolume = false;
    const [lo, hi] = volume.huRange;
    this.range = hi > lo ? [lo, hi] : [lo, lo + 1];
    const histogram = huHistogram(volume.scalars, this.range, { bins: HISTOGRAM_BINS, dimensions: volume.dimensions });
    // The widget's own setDataArray would copy the voxels into four web workers and take its range
    // from the data; its model is given the sampled, log-scaled histogram and the HU range instead.
    this.widget.set({ histogram: logScaledHistogram(histogram.counts), dataRange: [...this.range], colorCanvasMTime: 0 }, true);
    this.widget.setRangeZoom(0, 1);
    this.updateAxis();
    this.syncFromPreset();
  }

  /** Re-initialises the gaussians (and the colour-map choice) from the 3D pane's current transfer functions. */
  syncFromPreset(): void {
    this.resyncQueued = false;
    const table: number[] = [];
    this.volumeView.opacity.getTable(this.range[0], this.range[1], FIT_SAMPLES, table);
    const { gaussians } = fitGaussians(table);
    this.syncing = true;
    try {
      this.widget.setGaussians(gaussians);
    } finally {
      this.syncing = false;
    }
    // The preset's own curve stays as it is (exact) until the user edits; the fit differs by ~1 %.
    this.presetColours = this.readColourNodes();
    const composite = this.volumeView.blendMode === 'composite';
    this.presetOption.textContent = composite ? `Preset colours (${VOLUME_PRESETS[this.volumeView.preset].label})` : 'Preset colours (window ramp)';
    this.colourMap.value = PRESET_COLOURS;
    this.readout.textContent = '';
    this.widget.render();
  }

  /**
   * A new volume is coming in: its preset is applied now but fitted (and drawn) only once the volume
   * is complete (`setVolume`), so the fit does not take main-thread time from the load.
   */
  awaitVolume(): void {
    this.waitingForVolume = true;
  }

  private externalChange(): void {
    if (this.writing > 0 || this.resyncQueued || this.waitingForVolume) return;
    // One refit after the whole change (a preset is many addPoint calls), before the next frame.
    this.resyncQueued = true;
    queueMicrotask(() => {
      if (this.resyncQueued) this.syncFromPreset();
    });
  }

  private write(change: () => void): void {
    this.writing++;
    try {
      change();
    } finally {
      this.writing--;
    }
    this.volumeView.transferFunctionsChanged();
  }

  private writeOpacity(): void {
    this.write(() => this.widget.applyOpacity(this.volumeView.opacity, [...this.range]));
  }

  private refitColourMap(): void {
    if (this.colourMap.value !== PRESET_COLOURS) this.applyColourMap();
  }

  /** Writes the selected colour map into the volume's colour function, spread over the HU range that has opacity. */
  private applyColourMap(): void {
    const name = this.colourMap.value;
    let nodes: ColourNode[];
    if (name === PRESET_COLOURS) {
      nodes = this.presetColours.map((node) => ({ ...node }));
    } else {
      const preset = vtkColorMaps.getPresetByName(name);
      if (!preset) return;
      const opacities = (this.widget.get('opacities').opacities as number[] | undefined) ?? [];
      const [lo, hi] = widenRange(opacityHuRange(opacities, this.range), this.range);
      // Sampled into RGB nodes: the volume's colour function keeps its RGB space, so a later preset
      // is not interpolated in the colour map's Lab or diverging space.
      const map = vtkColorTransferFunction.newInstance();
      map.applyColorMap({ ColorSpace: preset.ColorSpace, RGBPoints: rescaleRgbPoints(preset.RGBPoints, lo, hi) });
      const rgb: number[] = [];
      map.getTable(lo, hi, COLOUR_SAMPLES, rgb);
      map.delete();
      nodes = Array.from({ length: COLOUR_SAMPLES }, (_, i) => ({
        x: lo + (i / (COLOUR_SAMPLES - 1)) * (hi - lo),
        r: rgb[3 * i]!,
        g: rgb[3 * i + 1]!,
        b: rgb[3 * i + 2]!,
        midpoint: 0.5,
        sharpness: 0,
      }));
    }
    if (nodes.length === 0) return;
    this.write(() => this.volumeView.colour.setNodes(nodes));
    this.widget.render();
  }

  private readColourNodes(): ColourNode[] {
    const colour = this.volumeView.colour;
    const nodes: ColourNode[] = [];
    const value = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < colour.getSize(); i++) {
      colour.getNodeValue(i, value);
      nodes.push({ x: value[0]!, r: value[1]!, g: value[2]!, b: value[3]!, midpoint: value[4]!, sharpness: value[5]! });
    }
    return nodes;
  }

  private huAt(normalised: number): number {
    return this.range[0] + normalised * (this.range[1] - this.range[0]);
  }

  private updateAxis(): void {
    const [z0, z1] = this.widget.getRangeZoom();
    this.axisLow.textContent = `${Math.round(this.huAt(z0))} HU`;
    this.axisHigh.textContent = `${Math.round(this.huAt(z1))} HU`;
  }

  private updateReadout(offsetX: number): void {
    const area = this.widget.get('graphArea').graphArea as number[] | undefined;
    if (!area || area.length < 4 || !(area[2]! > 0)) return;
    const [z0, z1] = this.widget.getRangeZoom();
    const t = z0 + ((offsetX - area[0]!) / area[2]!) * (z1 - z0);
    if (t < 0 || t > 1) {
      this.readout.textContent = '';
      return;
    }
    const opacities = (this.widget.get('opacities').opacities as number[] | undefined) ?? [];
    const alpha = opacities.length ? (opacities[Math.round(t * (opacities.length - 1))] ?? 0) : 0;
    this.readout.textContent = `${Math.round(this.huAt(t))} HU · α ${alpha.toFixed(2)}`;
  }
}
