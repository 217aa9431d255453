import { el } from '../../dom/elements';
import type { StudyQuery } from '../../sources/dicomweb/dicomweb-client';

/** The study filters the form holds, as QIDO-RS matching wants them (paging is the browser's). */
export type StudyFilters = Omit<StudyQuery, 'limit' | 'offset'>;

/**
 * Patient name (matched anywhere in the name, as `*text*`, unless the text has its own `*` / `?`)
 * or patient ID (exact, or with wildcards), then the optional filters.
 */
export function filtersFromForm(values: {
  search: string;
  searchField: string;
  dateFrom: string;
  dateTo: string;
  modality: string;
  accession: string;
}): StudyFilters {
  const filters: StudyFilters = {};
  const search = values.search.trim();
  if (search !== '') {
    if (values.searchField === 'patientId') filters.patientId = search;
    else filters.patientName = /[*?]/.test(search) ? search : `*${search}*`;
  }
  const date = (value: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value.replaceAll('-', '') : undefined);
  const from = date(values.dateFrom);
  const to = date(values.dateTo);
  if (from) filters.dateFrom = from;
  if (to) filters.dateTo = to;
  const modality = values.modality.trim().toUpperCase();
  if (modality !== '') filters.modality = modality;
  const accession = values.accession.trim();
  if (accession !== '') filters.accession = accession;
  return filters;
}

/** The search form; `onSearch` gets the filters on submit (Enter in any field, or the button). */
export function createStudySearch(onSearch: (filters: StudyFilters) => void): HTMLFormElement {
  const search = el('input', {
    type: 'search',
    'data-testid': 'dicomweb-search',
    placeholder: 'Patient name or ID',
    'aria-label': 'Patient name or ID',
  });
  const searchField = el(
    'select',
    { 'data-testid': 'dicomweb-search-field', 'aria-label': 'Search in' },
    el('option', { value: 'patientName' }, 'name'),
    el('option', { value: 'patientId' }, 'ID'),
  );
  const dateFrom = el('input', { type: 'date', 'data-testid': 'dicomweb-date-from', 'aria-label': 'Study date from' });
  const dateTo = el('input', { type: 'date', 'data-testid': 'dicomweb-date-to', 'aria-label': 'Study date to' });
  const modality = el('input', {
    type: 'text',
    size: 4,
    'data-testid': 'dicomweb-modality',
    placeholder: 'CT',
    'aria-label': 'Modality',
  });
  const accession = el('input', {
    type: 'text',
    'data-testid': 'dicomweb-accession',
    placeholder: 'Accession',
    'aria-label': 'Accession',
  });
  const form = el(
    'form',
    { className: 'dicomweb-search', role: 'search' },
    el('div', { className: 'search-row' }, search, searchField),
    el('div', { className: 'search-row' }, el('label', {}, 'Date ', dateFrom), el('label', {}, '– ', dateTo)),
    el(
      'div',
      { className: 'search-row' },
      modality,
      accession,
      el('button', { type: 'submit', 'data-testid': 'dicomweb-search-submit' }, 'Search'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSearch(
      filtersFromForm({
        search: search.value,
        searchField: searchField.value,
        dateFrom: dateFrom.value,
        dateTo: dateTo.value,
        modality: modality.value,
        accession: accession.value,
      }),
    );
  });
  return form;
}
