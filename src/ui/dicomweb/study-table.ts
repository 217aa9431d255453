import { el } from '../../dom/elements';
import type { StudySummary } from './study-summary';

/**
 * The studies of one page of results: a row per study (its texts as text nodes, never markup),
 * opened by click or Enter. `openUid` marks the study already open.
 */
export function renderStudyTable(studies: StudySummary[], onOpen: (study: StudySummary) => void, openUid?: string): HTMLElement {
  if (studies.length === 0)
    return el('p', { className: 'dicomweb-empty', 'data-testid': 'dicomweb-no-studies' }, 'No study matches.');
  const body = el('tbody');
  for (const study of studies) body.append(studyRow(study, onOpen, study.studyInstanceUID === openUid));
  return el(
    'table',
    { className: 'dicomweb-studies', 'data-testid': 'dicomweb-studies' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ...['Patient', 'ID', 'Date', 'Modalities', 'Description', 'Accession', 'Series', 'Images'].map((h) => el('th', {}, h)),
      ),
    ),
    body,
  );
}

function studyRow(study: StudySummary, onOpen: (study: StudySummary) => void, open: boolean): HTMLElement {
  const cell = (text: string, field: string) => el('td', { 'data-field': field }, text);
  const row = el(
    'tr',
    {
      className: open ? 'dicomweb-study active' : 'dicomweb-study',
      'data-testid': 'dicomweb-study',
      'data-study-uid': study.studyInstanceUID,
      tabindex: 0,
      role: 'button',
    },
    cell(study.patientName || 'Unnamed patient', 'patient-name'),
    cell(study.patientId, 'patient-id'),
    cell(study.studyDate, 'study-date'),
    cell(study.modalities.join(', '), 'modalities'),
    cell(study.description, 'description'),
    cell(study.accession, 'accession'),
    cell(study.seriesCount === null ? '' : String(study.seriesCount), 'series-count'),
    cell(study.instanceCount === null ? '' : String(study.instanceCount), 'instance-count'),
  );
  row.addEventListener('click', () => onOpen(study));
  row.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(study);
    }
  });
  return row;
}
