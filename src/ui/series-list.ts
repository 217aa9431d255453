import type { SeriesSummary, StudyIndexSummary } from '../dicom/series-types';
import { el } from '../dom/elements';

/** Patient → study → series tree; every row is a button, and those that are not volumes say why (they open in 2D). */
export function renderSeriesList(index: StudyIndexSummary, onPick: (series: SeriesSummary) => void): HTMLElement {
  const root = el('nav', { className: 'series-list', 'data-testid': 'series-list', 'aria-label': 'Series' });
  for (const patient of index.patients) {
    const patientLabel = [patient.patientName || 'Unnamed patient', patient.patientId ? `(${patient.patientId})` : '']
      .filter(Boolean)
      .join(' ');
    const patientNode = el('section', { className: 'patient' }, el('h3', {}, patientLabel));
    for (const study of patient.studies) {
      const studyLabel = [formatDate(study.date), study.description || 'Study'].filter(Boolean).join(' · ');
      const list = el('ul', { className: 'series' });
      for (const series of study.series) list.append(seriesRow(series, onPick));
      patientNode.append(el('div', { className: 'study' }, el('h4', {}, studyLabel), list));
    }
    root.append(patientNode);
  }
  if (index.skipped.length > 0) {
    const details = el('details', { className: 'skipped', 'data-testid': 'skipped-files' });
    details.append(el('summary', {}, `${index.skipped.length} file(s) skipped`));
    const list = el('ul');
    for (const skipped of index.skipped) list.append(el('li', {}, `${skipped.file}: ${skipped.reason}`));
    details.append(list);
    root.append(details);
  }
  // What was read besides images (a DICOMDIR and the count of the files it names).
  if (index.notices && index.notices.length > 0) {
    root.append(el('p', { className: 'index-notices', 'data-testid': 'index-notices' }, index.notices.join('; ')));
  }
  return root;
}

function seriesRow(series: SeriesSummary, onPick: (series: SeriesSummary) => void): HTMLElement {
  const title = `${series.seriesNumber ?? '—'} · ${series.modality || '?'} · ${series.description || 'no description'}`;
  const facts = `${series.sliceCount} image${series.sliceCount === 1 ? '' : 's'}, ${series.columns}×${series.rows}`;
  const row = el(
    'li',
    {
      className: series.isVolume ? 'series-item volume' : 'series-item not-volume',
      'data-testid': 'series-item',
      'data-series-number': series.seriesNumber ?? '',
      'data-series-id': series.id,
      'data-series-uid': series.seriesInstanceUID,
      'data-volume': String(series.isVolume),
      // Every row opens: a volume in the four panes, any other series image by image in 2D.
      'data-opens': series.isVolume ? 'volume' : 'image2d',
      tabindex: 0,
      role: 'button',
    },
    el('div', { className: 'series-title' }, title),
    el('div', { className: 'series-facts' }, series.isVolume ? facts : `${facts} — not a volume: ${series.reason}; opens in 2D`),
    ...series.warnings.map((warning) => el('div', { className: 'series-warning' }, `⚠ ${warning}`)),
  );
  row.addEventListener('click', () => onPick(series));
  row.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onPick(series);
    }
  });
  return row;
}

function formatDate(dicomDate: string): string {
  return /^\d{8}$/.test(dicomDate) ? `${dicomDate.slice(0, 4)}-${dicomDate.slice(4, 6)}-${dicomDate.slice(6, 8)}` : '';
}
