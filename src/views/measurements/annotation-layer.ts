import type { MeasurementRecord } from '../../volume/measure/measurement-record';
import { labelLines } from '../../volume/measure/measurement-text';
import { type PaneProjection, worldToPane } from '../pane-projection';
import { labelAnchor, outline } from './annotation-shapes';

const SVG = 'http://www.w3.org/2000/svg';
const COLOUR = '#ffd54a';
const SELECTED_COLOUR = '#4ae3ff';
const LINE_HEIGHT_PX = 14;

function svgElement<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/**
 * One slice pane's measurements, drawn as SVG over its canvas (`<svg data-annotation-layer>`, sized to
 * the pane, the PNG export composites it): outlines, handles to drag and labels (text nodes only). It
 * is drawn again whole at each change of the pane's camera or of the measurements: there are few.
 * Only handles and outlines take the pointer; the rest of the pane keeps its own input.
 */
export class AnnotationLayer {
  readonly svg = svgElement('svg', { 'data-annotation-layer': '', class: 'annotation-layer', 'pointer-events': 'none' });

  constructor(pane: HTMLElement) {
    pane.append(this.svg);
  }

  draw(records: readonly MeasurementRecord[], selected: string | null, projection: PaneProjection): void {
    // Called at every camera change (a W/L drag, a scroll): an empty layer that stays empty is left alone.
    if (records.length === 0 && this.svg.childElementCount === 0) return;
    const size = `0 0 ${projection.width} ${projection.height}`;
    if (this.svg.getAttribute('viewBox') !== size) {
      this.svg.setAttribute('width', String(projection.width));
      this.svg.setAttribute('height', String(projection.height));
      this.svg.setAttribute('viewBox', size);
    }
    const toScreen = (world: MeasurementRecord['points'][number]) => worldToPane(projection, world);
    this.svg.replaceChildren(...records.map((record) => this.group(record, record.id === selected, toScreen)));
  }

  private group(
    record: MeasurementRecord,
    selected: boolean,
    toScreen: (p: MeasurementRecord['points'][number]) => [number, number],
  ) {
    const colour = selected ? SELECTED_COLOUR : COLOUR;
    const group = svgElement('g', { 'data-measurement-id': record.id, 'data-kind': record.kind, class: 'measurement-shape' });
    if (selected) group.setAttribute('data-selected', '');
    const { points, closed } = outline(record, toScreen);
    const path = points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
    if (record.kind !== 'probe') {
      const shape = svgElement(closed ? 'polygon' : 'polyline', {
        points: path,
        fill: 'none',
        stroke: colour,
        'stroke-width': 1.5,
      });
      shape.setAttribute('pointer-events', 'none');
      // A wider, unseen stroke along the outline is what a press selects by: a 1.5 px line is hard to hit.
      const target = svgElement(closed ? 'polygon' : 'polyline', { points: path, fill: 'none', stroke: 'transparent' });
      target.setAttribute('stroke-width', '8');
      target.setAttribute('pointer-events', 'stroke');
      target.setAttribute('data-outline', '');
      group.append(target, shape);
    }
    record.points.forEach((point, index) => {
      const [x, y] = toScreen(point);
      const handle = svgElement('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: record.kind === 'probe' ? 3 : 4 });
      handle.setAttribute('data-handle', String(index));
      handle.setAttribute('fill', record.kind === 'probe' ? colour : 'rgba(0,0,0,0.01)');
      handle.setAttribute('stroke', colour);
      handle.setAttribute('pointer-events', 'all');
      group.append(handle);
    });
    group.append(this.label(record, labelAnchor(points), colour));
    return group;
  }

  private label(record: MeasurementRecord, [x, y]: [number, number], colour: string): SVGTextElement {
    const text = svgElement('text', {
      x: x.toFixed(1),
      y: (y + 4).toFixed(1),
      fill: colour,
      'font-size': 12,
      class: 'measurement-label',
    });
    // A dark edge keeps the label legible over bone and air alike.
    text.setAttribute('stroke', '#000');
    text.setAttribute('stroke-width', '3');
    text.setAttribute('paint-order', 'stroke');
    // Labels are wide and may lie over the image where the next measurement is drawn: not a target.
    text.setAttribute('pointer-events', 'none');
    labelLines(record).forEach((line, index) => {
      const span = svgElement('tspan', { x: x.toFixed(1), dy: index === 0 ? 0 : LINE_HEIGHT_PX });
      span.textContent = line;
      text.append(span);
    });
    return text;
  }
}
