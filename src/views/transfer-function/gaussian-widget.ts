import type vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
// @ts-expect-error vtk.js 37 ships no type declarations for this widget; the part used is typed below.
import vtkPiecewiseGaussianWidgetModule from '@kitware/vtk.js/Interaction/Widgets/PiecewiseGaussianWidget';
import type { OpacityNode } from './edits';
import type { Gaussian } from './gaussian-model';

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

/** What the editor uses of vtk.js's PiecewiseGaussianWidget (Interaction/Widgets, vtk.js 37). */
export interface PiecewiseGaussianWidget {
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
  /** The opacity curve as HU nodes over `dataRange`, one per piecewise sample (what applyOpacity writes). */
  getOpacityNodes(dataRange?: [number, number]): OpacityNode[];
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

/** Opacity samples the widget keeps and writes into the volume's opacity function. */
const PIECEWISE_SIZE = 512;
export const HISTOGRAM_BINS = 256;
export const CANVAS_HEIGHT = 150;

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

/** The editor's widget, styled for the dark sidebar, over the HU range `range` until a volume is set. */
export function createGaussianWidget(range: [number, number]): PiecewiseGaussianWidget {
  const widget = vtkPiecewiseGaussianWidget.newInstance({ numberOfBins: HISTOGRAM_BINS, size: [280, CANVAS_HEIGHT] });
  widget.updateStyle(DARK_STYLE);
  widget.setPiecewiseSize(PIECEWISE_SIZE);
  widget.set({ dataRange: [...range] }, true);
  return widget;
}
