import { el } from '../dom/elements';
import { lineAcrossBox } from './oblique-planes';
import type { PlaneOrientation, SliceViewName } from './view-orientation';

export const PLANE_COLOURS: Record<SliceViewName, string> = { axial: '#ff5a5a', coronal: '#5ad75a', sagittal: '#5aa0ff' };

const SVG = 'http://www.w3.org/2000/svg';

/** DOM drawn over a slice pane: orientation letters, slice and HU read-outs, reference lines, slider. */
export class SliceOverlay {
  readonly sliceText = el('div', { className: 'overlay-text top-left' });
  readonly cursorText = el('div', { className: 'overlay-text bottom-left', 'data-testid': 'hu-readout' });
  /** The slab in use ("MIP 10 mm"), under the slice text; empty for the thin slice. */
  readonly slabText = el('div', { className: 'overlay-text top-left', 'data-testid': 'slab-label', style: 'top:20px' });
  readonly slider = el('input', { type: 'range', className: 'slice-slider', min: 0, max: 0, step: 1, 'aria-label': 'slice' });
  private readonly svg = document.createElementNS(SVG, 'svg');
  private readonly lines = new Map<SliceViewName, SVGLineElement>();
  /** The orientation letters at the edges: left, right, top, bottom. */
  private readonly letters: HTMLElement[];

  constructor(pane: HTMLElement, plane: PlaneOrientation) {
    const [left, right, top, bottom] = plane.letters;
    this.svg.classList.add('reference-lines');
    for (const other of ['axial', 'coronal', 'sagittal'] as const) {
      if (other === plane.name) continue;
      const line = document.createElementNS(SVG, 'line');
      line.setAttribute('stroke', PLANE_COLOURS[other]);
      line.setAttribute('stroke-width', '1');
      line.dataset.plane = other;
      this.svg.append(line);
      this.lines.set(other, line);
    }
    this.letters = [
      el('div', { className: 'orientation-letter left', 'data-edge': 'left' }, left),
      el('div', { className: 'orientation-letter right', 'data-edge': 'right' }, right),
      el('div', { className: 'orientation-letter top', 'data-edge': 'top' }, top),
      el('div', { className: 'orientation-letter bottom', 'data-edge': 'bottom' }, bottom),
    ];
    pane.append(
      this.svg,
      ...this.letters,
      el('div', { className: 'pane-title', style: `color:${PLANE_COLOURS[plane.name]}` }, plane.name),
      this.sliceText,
      this.slabText,
      this.cursorText,
      this.slider,
    );
  }

  /** The letters at the edges, [left, right, top, bottom] (they change when the plane turns). */
  setLetters(letters: readonly [string, string, string, string]): void {
    letters.forEach((letter, i) => {
      if (this.letters[i]!.textContent !== letter) this.letters[i]!.textContent = letter;
    });
  }

  /** The reference line of `plane` through pane point `at` along a unit screen direction, across the pane. */
  setLineThrough(plane: SliceViewName, at: [number, number], direction: [number, number], width: number, height: number): void {
    const line = this.lines.get(plane);
    if (!line) return;
    const ends = lineAcrossBox(at, direction, width, height);
    ['x1', 'y1', 'x2', 'y2'].forEach((name, i) => line.setAttribute(name, String(ends[i])));
  }

  /** A vertical reference line at pane x, or a horizontal one at pane y. */
  setLine(plane: SliceViewName, orientation: 'vertical' | 'horizontal', at: number, width: number, height: number): void {
    const line = this.lines.get(plane);
    if (!line) return;
    const [x1, y1, x2, y2] = orientation === 'vertical' ? [at, 0, at, height] : [0, at, width, at];
    line.setAttribute('x1', String(x1));
    line.setAttribute('y1', String(y1));
    line.setAttribute('x2', String(x2));
    line.setAttribute('y2', String(y2));
  }
}
