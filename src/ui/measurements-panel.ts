import { el } from '../dom/elements';
import { measurementsCsv, measurementsJson } from '../volume/measure/measurement-export';
import type { MeasurementRecord } from '../volume/measure/measurement-record';
import { KIND_NAMES, pointText, positionOf, sliceText, valueText } from '../volume/measure/measurement-text';
import type { MeasurementStore } from '../volume/measure/measurement-store';
import { offerDownload } from './download';
import './measurements.css';

/**
 * The measurements of the volume shown, one row each (type, value, slice, position; an ROI's
 * statistics under it), the selected one marked; a row selects its measurement, its × deletes it.
 * Exports every measurement as CSV or JSON (what a saved view restores).
 */
export function createMeasurementsPanel(store: MeasurementStore): HTMLElement {
  const rows = el('div', { className: 'measurement-rows', 'data-testid': 'measurement-list' });
  const empty = el('p', { className: 'measurement-empty' }, 'No measurements: pick a tool and draw in a slice pane.');
  const csv = el('button', { type: 'button', 'data-testid': 'export-measurements-csv' }, 'Export CSV');
  const json = el('button', { type: 'button', 'data-testid': 'export-measurements-json' }, 'Export JSON');
  csv.addEventListener('click', () =>
    offerDownload(new Blob([measurementsCsv(store.list())], { type: 'text/csv' }), 'measurements.csv'),
  );
  json.addEventListener('click', () =>
    offerDownload(new Blob([measurementsJson(store.list())], { type: 'application/json' }), 'measurements.json'),
  );
  // A change that changes nothing shown (a new volume over none) leaves the page alone: while a load
  // starts, every change of the page costs a read-back of the WebGL canvas with a software GPU.
  let shown: string | null = null;
  const render = () => {
    const records = store.list();
    const key = JSON.stringify([records, store.selected]);
    if (key === shown) return;
    shown = key;
    rows.replaceChildren(...records.map((record) => row(record, record.id === store.selected, store)));
    empty.hidden = records.length > 0;
    csv.disabled = json.disabled = records.length === 0;
  };
  store.onChange(render);
  render();
  return el(
    'section',
    { className: 'measurements-panel', 'data-testid': 'measurements-panel' },
    el('h2', {}, 'Measurements'),
    empty,
    rows,
    el('div', { className: 'measurement-export' }, csv, json),
  );
}

function row(record: MeasurementRecord, selected: boolean, store: MeasurementStore): HTMLElement {
  const remove = el('button', { type: 'button', className: 'measurement-delete', 'aria-label': 'Delete this measurement' }, '×');
  remove.addEventListener('click', (event) => {
    event.stopPropagation();
    store.remove(record.id);
  });
  const item = el(
    'div',
    {
      className: `measurement-row${selected ? ' selected' : ''}`,
      'data-testid': 'measurement',
      'data-id': record.id,
      'data-kind': record.kind,
      'data-value': record.value === null ? '' : String(record.value),
      'aria-selected': String(selected),
      role: 'button',
      tabindex: 0,
    },
    el('span', { className: 'measurement-type' }, KIND_NAMES[record.kind]),
    el('span', { className: 'measurement-value' }, valueText(record)),
    el('span', { className: 'measurement-slice' }, sliceText(record)),
    el('span', { className: 'measurement-position' }, `${pointText(positionOf(record))} mm`),
    remove,
  );
  const roi = record.roi;
  if (roi) {
    const counted = `${roi.count} ${roi.method === 'voxels' ? 'voxels' : 'samples'}`;
    const range = `min ${roi.min?.toFixed(0)}  max ${roi.max?.toFixed(0)} HU`;
    const area = `${roi.areaMm2.toFixed(1)} mm²`;
    const stats = roi.count === 0 ? `${area}, no voxel inside` : `${area}  SD ${roi.sd?.toFixed(1)}  ${range}  ${counted}`;
    item.append(el('span', { className: 'measurement-stats', 'data-area': String(roi.areaMm2) }, stats));
  }
  item.addEventListener('click', () => store.select(record.id));
  return item;
}
