import type { CtVolume } from '../volume/ct-volume';
import { PRESET_COLOURS, colourMapNodes, readColourNodes } from './transfer-function/colour-nodes';
import type { ColourNode, TransferFunctionEdit, TransferFunctionSource } from './transfer-function/edits';
import { TransferFunctionPanel } from './transfer-function/editor-panel';
import { fitGaussians } from './transfer-function/gaussian-fit';
import { HISTOGRAM_BINS, type PiecewiseGaussianWidget, createGaussianWidget } from './transfer-function/gaussian-widget';
import { huHistogram, logScaledHistogram } from './transfer-function/histogram';
import { VOLUME_PRESETS } from './volume-presets';

/** Samples of the current opacity curve the gaussian fit works on. */
const FIT_SAMPLES = 256;
/** Until a volume is set: the usual CT range. */
const DEFAULT_RANGE: [number, number] = [-1024, 3071];

/**
 * Opacity and colour transfer-function editor for the 3D pane, drawn over the volume's HU histogram
 * with vtk.js's PiecewiseGaussianWidget. It reads the 3D pane's transfer functions (`source`) and
 * reports each edit to `onEdit` as the new opacity or colour nodes (HU domain), for the owner of those
 * functions to apply; the voxels are never touched.
 */
export class TransferFunctionEditor {
  readonly element: HTMLElement;
  private readonly widget: PiecewiseGaussianWidget;
  private readonly panel: TransferFunctionPanel;
  private range: [number, number] = DEFAULT_RANGE;
  /** The colour nodes the current preset (or projection ramp) set, for the "preset colours" option. */
  private presetColours: ColourNode[] = [];
  /** >0 while this editor's edit is being applied, so its own writes are not taken for outside changes. */
  private writing = 0;
  /** True while gaussians are being replaced by a fit: that is not a user edit. */
  private syncing = false;
  private resyncQueued = false;
  private waitingForVolume = false;

  constructor(
    private readonly source: TransferFunctionSource,
    private readonly onEdit: (edit: TransferFunctionEdit) => void,
  ) {
    this.widget = createGaussianWidget(this.range);
    this.widget.setColorTransferFunction(source.colour);
    this.panel = new TransferFunctionPanel(this.widget);
    this.element = this.panel.element;
    this.panel.colourMap.addEventListener('change', () => this.applyColourMap());

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
    this.panel.canvas.addEventListener('mousemove', (event) => this.updateReadout(event.offsetX));
    this.panel.canvas.addEventListener('mouseleave', () => this.panel.showReadout(''));

    // The viewer resets the transfer functions itself (preset, blend mode, new image, projection
    // window): follow it, so the curve drawn is always the one rendered.
    source.opacity.onModified(() => this.externalChange());
    source.colour.onModified(() => this.externalChange());

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
    this.source.opacity.getTable(this.range[0], this.range[1], FIT_SAMPLES, table);
    const { gaussians } = fitGaussians(table);
    this.syncing = true;
    try {
      this.widget.setGaussians(gaussians);
    } finally {
      this.syncing = false;
    }
    // The preset's own curve stays as it is (exact) until the user edits; the fit differs by ~1 %.
    this.presetColours = readColourNodes(this.source.colour);
    const composite = this.source.blendMode === 'composite';
    this.panel.selectPresetColours(
      composite ? `Preset colours (${VOLUME_PRESETS[this.source.preset].label})` : 'Preset colours (window ramp)',
    );
    this.panel.showReadout('');
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

  /** Hands an edit to its owner, which applies it at once: the changes it raises meanwhile are this editor's. */
  private report(edit: TransferFunctionEdit): void {
    this.writing++;
    try {
      this.onEdit(edit);
    } finally {
      this.writing--;
    }
  }

  private writeOpacity(): void {
    this.report({ opacity: this.widget.getOpacityNodes([...this.range]) });
  }

  private refitColourMap(): void {
    if (this.panel.colourMap.value !== PRESET_COLOURS) this.applyColourMap();
  }

  /** Reports the selected colour map as the volume's colours, spread over the HU range that has opacity. */
  private applyColourMap(): void {
    const name = this.panel.colourMap.value;
    let nodes: ColourNode[];
    if (name === PRESET_COLOURS) {
      nodes = this.presetColours.map((node) => ({ ...node }));
    } else {
      const opacities = (this.widget.get('opacities').opacities as number[] | undefined) ?? [];
      const mapped = colourMapNodes(name, opacities, this.range);
      if (!mapped) return;
      nodes = mapped;
    }
    if (nodes.length === 0) return;
    this.report({ colour: nodes });
    this.widget.render();
  }

  private huAt(normalised: number): number {
    return this.range[0] + normalised * (this.range[1] - this.range[0]);
  }

  private updateAxis(): void {
    const [z0, z1] = this.widget.getRangeZoom();
    this.panel.showAxis(this.huAt(z0), this.huAt(z1));
  }

  private updateReadout(offsetX: number): void {
    const area = this.widget.get('graphArea').graphArea as number[] | undefined;
    if (!area || area.length < 4 || !(area[2]! > 0)) return;
    const [z0, z1] = this.widget.getRangeZoom();
    const t = z0 + ((offsetX - area[0]!) / area[2]!) * (z1 - z0);
    if (t < 0 || t > 1) {
      this.panel.showReadout('');
      return;
    }
    const opacities = (this.widget.get('opacities').opacities as number[] | undefined) ?? [];
    const alpha = opacities.length ? (opacities[Math.round(t * (opacities.length - 1))] ?? 0) : 0;
    this.panel.showReadout(`${Math.round(this.huAt(t))} HU · α ${alpha.toFixed(2)}`);
  }
}
