import type { SeriesSummary, StudyIndexSummary } from '../../dicom/series-types';
import { el } from '../../dom/elements';
import type { DicomWebAuth } from '../../sources/dicomweb/dicomweb-client';
import type { App } from '../app';
import { promptCredentials } from './auth-prompt';
import { type DicomWebLink, dicomWebLinkHref, resolveServerRoot } from './dicomweb-address';
import { DicomWebConnection } from './dicomweb-connection';
import { openStudyIndex } from './open-study';
import { rememberServer, rememberedServer } from './remembered-server';
import { StreamedSeries, describeProgress } from './streamed-series';
import { type StudyFilters, createStudySearch } from './study-search';
import { type StudySummary, summarizeStudy } from './study-summary';
import { renderStudyTable } from './study-table';
import './dicomweb.css';

/** Studies per page of results: a server with thousands is paged with limit / offset. */
export const STUDIES_PER_PAGE = 25;

/**
 * The DICOMweb study browser: a server root, a search over its studies (QIDO-RS), a page of results,
 * and the opened study's series in the app's own series list (from their metadata), each volume
 * streamed through the same build as local files, with a progress line and Cancel.
 */
export class DicomWebPanel {
  readonly element: HTMLDetailsElement;
  private readonly rootInput = el('input', {
    type: 'text',
    'data-testid': 'dicomweb-root',
    placeholder: 'https://server/dicom-web or /dicom-web',
    'aria-label': 'DICOMweb server root',
  });
  private readonly authHost = el('div', { className: 'dicomweb-auth-host' });
  private readonly message = el('div', { className: 'dicomweb-message', 'data-testid': 'dicomweb-message', role: 'status' });
  private readonly results = el('div', { className: 'dicomweb-results' });
  private readonly pager = el('div', { className: 'dicomweb-pager' });
  private readonly progressText = el('span', { 'data-testid': 'dicomweb-progress' });
  private readonly cancelButton = el('button', { type: 'button', 'data-testid': 'dicomweb-cancel' }, 'Cancel');
  private readonly progressLine = el('div', { className: 'dicomweb-progress' }, this.progressText, ' ', this.cancelButton);
  private readonly searchArea: HTMLElement;
  private readonly streamed = new StreamedSeries((progress) => this.showProgress(progress));
  private connection: DicomWebConnection | null = null;
  private filters: StudyFilters = {};
  private offset = 0;
  private openStudyUid: string | undefined;
  /** Increments per search, so that a slow answer cannot replace a newer one. */
  private searches = 0;

  constructor(private readonly app: App) {
    this.rootInput.value = rememberedServer() ?? '';
    const connect = el(
      'form',
      { className: 'dicomweb-connect' },
      this.rootInput,
      el('button', { type: 'submit', 'data-testid': 'dicomweb-connect' }, 'Connect'),
    );
    connect.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.connect({ root: this.rootInput.value });
    });
    this.searchArea = el(
      'div',
      { className: 'dicomweb-search-area' },
      createStudySearch((f) => void this.search(f, 0)),
      this.results,
      this.pager,
    );
    this.searchArea.hidden = true;
    this.authHost.hidden = true;
    this.progressLine.hidden = true;
    this.cancelButton.addEventListener('click', () => this.streamed.cancel());
    this.element = el(
      'details',
      { className: 'dicomweb-panel', 'data-testid': 'dicomweb-panel' },
      el('summary', {}, 'DICOMweb server'),
      connect,
      this.authHost,
      this.message,
      this.searchArea,
      this.progressLine,
    );
  }

  /**
   * Opens the server of `link` (its root absolute, or a path on this site): lists its studies, then
   * opens `link.study` and loads `link.series` when the link names them. The token, if any, is sent
   * as a bearer token and kept only in memory.
   */
  async connect(link: Partial<DicomWebLink> & { root: string }): Promise<void> {
    this.element.open = true;
    let root: string;
    try {
      root = resolveServerRoot(link.root, location.href);
    } catch (error) {
      this.report(`DICOMweb server: ${messageOf(error)}`);
      return;
    }
    this.rootInput.value = root.startsWith(`${location.origin}/`) ? root.slice(location.origin.length) : root;
    const auth: DicomWebAuth | undefined = link.token ? { kind: 'bearer', token: link.token } : undefined;
    this.connection = new DicomWebConnection(root, auth, (request) => {
      this.app.showStatus('idle', `Sign in to ${request.root} to continue.`);
      return promptCredentials(this.authHost, request);
    });
    this.openStudyUid = undefined;
    this.searchArea.hidden = false;
    const listed = this.search({}, 0);
    if (link.study) {
      // The study list is asked for first, so a sign-in it needs is asked once, before the study.
      if (!(await listed)) return;
      await this.openStudy(link.study, link.series);
    } else await listed;
  }

  /** One page of studies matching `filters`; false when the server could not be searched. */
  private async search(filters: StudyFilters, offset: number): Promise<boolean> {
    const connection = this.connection;
    if (!connection) return false;
    const search = ++this.searches;
    this.filters = filters;
    this.offset = offset;
    this.message.textContent = `Searching ${connection.root}…`;
    try {
      // One more than a page: whether there is a next page is known without asking for an empty one.
      const found = await connection.run((client) => client.searchStudies({ ...filters, limit: STUDIES_PER_PAGE + 1, offset }));
      if (search !== this.searches) return true;
      rememberServer(
        connection.root.startsWith(`${location.origin}/`) ? connection.root.slice(location.origin.length) : connection.root,
      );
      const studies = found.map(summarizeStudy).filter((s): s is StudySummary => s !== null);
      const unreadable = found.length - studies.length;
      const shown = studies.slice(0, STUDIES_PER_PAGE);
      this.results.replaceChildren(
        renderStudyTable(shown, (study) => void this.openStudy(study.studyInstanceUID), this.openStudyUid),
      );
      this.renderPager(shown.length, found.length > STUDIES_PER_PAGE);
      const first = shown.length === 0 ? 0 : offset + 1;
      this.message.textContent =
        `${connection.root}: studies ${first}–${offset + shown.length}` +
        (unreadable > 0 ? ` (${unreadable} result(s) without a usable StudyInstanceUID left out)` : '');
      return true;
    } catch (error) {
      if (search === this.searches) this.report(messageOf(error));
      return false;
    }
  }

  private renderPager(count: number, hasNext: boolean): void {
    const previous = el('button', { type: 'button', 'data-testid': 'dicomweb-prev', disabled: this.offset === 0 }, '‹ Previous');
    const next = el('button', { type: 'button', 'data-testid': 'dicomweb-next', disabled: !hasNext }, 'Next ›');
    previous.addEventListener('click', () => void this.search(this.filters, Math.max(0, this.offset - STUDIES_PER_PAGE)));
    next.addEventListener('click', () => void this.search(this.filters, this.offset + count));
    this.pager.replaceChildren(previous, next);
  }

  /** Lists the study's series in the app's series list; `seriesUid` is loaded at once. */
  private async openStudy(studyUid: string, seriesUid?: string): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    this.openStudyUid = studyUid;
    for (const row of this.results.querySelectorAll<HTMLElement>('[data-testid="dicomweb-study"]')) {
      row.classList.toggle('active', row.dataset.studyUid === studyUid);
    }
    this.updateAddress({ root: connection.root, study: studyUid, ...(seriesUid ? { series: seriesUid } : {}) });
    const pick = seriesUid ? (index: StudyIndexSummary) => pickSeries(index, studyUid, seriesUid) : undefined;
    await this.app.openIndex(
      `Reading the series of study ${studyUid}…`,
      (ingest) =>
        openStudyIndex(
          connection,
          studyUid,
          ingest,
          this.streamed,
          (done, total) => (this.message.textContent = `Study ${studyUid}: metadata of ${done} / ${total} series read`),
        ),
      {
        loadBegins: (series) => {
          this.updateAddress({ root: connection.root, study: studyUid, series: series.seriesInstanceUID });
          this.streamed.loadBegins(series);
        },
        abandon: () => this.streamed.abandon(),
      },
      pick,
    );
  }

  private showProgress(progress: Parameters<typeof describeProgress>[0] | null): void {
    this.progressLine.hidden = progress === null;
    if (!progress) return;
    this.progressText.textContent = describeProgress(progress);
    this.cancelButton.disabled = progress.state !== 'streaming';
  }

  /** A failure: in the panel and as the app's error state (`data-state=error`). */
  private report(message: string): void {
    this.message.textContent = message;
    this.app.showStatus('error', message);
  }

  /** The address names what is open (never a token), so it can be sent to a colleague. */
  private updateAddress(link: Omit<DicomWebLink, 'token'>): void {
    try {
      history.replaceState(history.state, '', dicomWebLinkHref(location.href, link));
    } catch {
      // an opaque or sandboxed page cannot rewrite its address: nothing lost
    }
  }
}

/** The series the link names (a volume of it, when it was split), or why there is none, in words. */
function pickSeries(index: StudyIndexSummary, studyUid: string, seriesUid: string): SeriesSummary | string {
  const matches = index.series.filter((s) => s.seriesInstanceUID === seriesUid);
  return matches.find((s) => s.isVolume) ?? matches[0] ?? `Series ${seriesUid} is not in study ${studyUid} on this server.`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
