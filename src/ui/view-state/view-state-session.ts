import type { PhantomOptions } from '../../phantom/phantom';
import { nextTask } from '../../runtime/next-task';
import type { CtVolume } from '../../volume/ct-volume';
import { dicomWebLinkHref, readDicomWebLink } from '../dicomweb/dicomweb-address';
import { type Decoded, captureViewState, decodeHash, encodeHash, restoreViewState } from './codec';
import type { MeasurementsSlot, ViewStateTarget } from './parts';
import type { SeriesReference, ViewState } from './view-state';

/** How long the view must rest before the address follows it (a drag changes it 60 times a second). */
const HASH_DEBOUNCE_MS = 300;

/** What the session tells the page: a message in words, and whether local files should be picked again. */
export interface ViewStateReport {
  message(text: string, kind: 'info' | 'error'): void;
  /** The state names local files (`seriesUid`): ask the user to pick them again (null: no longer). */
  askForFiles(seriesUid: string | null): void;
}

/** What the session needs of the page besides the parts' target. */
export interface ViewStateHost {
  target: ViewStateTarget;
  shownVolume(): CtVolume | null;
  onVolume(listener: (volume: CtVolume) => void): void;
  /** Every change of what the state holds (cursor, window, layout, 3D look and camera). */
  onViewChange(listener: () => void): void;
  report: ViewStateReport;
}

/** What the page should open for a state found in its address at start. */
export type StartAction = { open: 'sample'; options: PhantomOptions } | { open: 'default' } | { open: 'nothing' };

/**
 * The shared view of one page: puts a state back once its series is shown (from the address at
 * start, a file, or a hash pasted in), and keeps the address's hash following the view (debounced,
 * history.replaceState, so no history entry per change).
 */
export class ViewStateSession {
  /** A state waiting for its series to be shown; the hash does not follow the view meanwhile. */
  private pending: ViewState | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ViewStateHost) {
    host.onVolume((volume) => this.volumeShown(volume));
    host.onViewChange(() => this.viewChanged());
    window.addEventListener('hashchange', () => {
      const decoded = decodeHash(location.hash);
      if (decoded) this.apply(decoded, 'the address');
    });
  }

  /** Measurements join the state once their store exists. */
  useMeasurements(slot: MeasurementsSlot): void {
    this.host.target.measurements = slot;
    slot.onChange(() => this.viewChanged());
  }

  /**
   * Reads the state in the page's address at start and says what to open: the sample it names, the
   * page's default, or nothing (local files: the user is asked to pick them again).
   */
  start(): StartAction {
    const decoded = decodeHash(location.hash);
    if (!decoded) return { open: 'default' };
    if ('problem' in decoded) {
      this.host.report.message(`The view state in the address was not used: ${decoded.problem}.`, 'error');
      return { open: 'default' };
    }
    this.pending = decoded.state;
    const series = decoded.state.series;
    if (series?.kind === 'sample') return { open: 'sample', options: series.options };
    if (series?.kind === 'local') {
      this.askForLocal(series.seriesUid);
      return { open: 'nothing' };
    }
    // A DICOMweb state needs the page's link to name its series; the study browser opens it.
    if (series?.kind === 'dicomweb' && readDicomWebLink(location.href).link?.series !== series.seriesUid) {
      this.navigateTo(series, decoded.state);
      return { open: 'nothing' };
    }
    return { open: 'default' };
  }

  /** A state from a file or the address: put back now if its series is shown, else opened first. */
  apply(decoded: Decoded, from: string): void {
    if ('problem' in decoded) {
      this.host.report.message(`The view state in ${from} was not used: ${decoded.problem}.`, 'error');
      return;
    }
    const { state } = decoded;
    const shown = this.host.shownVolume();
    if (!state.series || shown?.seriesInstanceUID === state.series.seriesUid) {
      this.pending = state;
      if (shown) this.restore(state);
      return;
    }
    this.pending = state;
    if (state.series.kind === 'local') this.askForLocal(state.series.seriesUid);
    else this.navigateTo(state.series, state);
  }

  /** The state now, for a file. */
  capture(): ViewState {
    return captureViewState(this.host.target);
  }

  private askForLocal(seriesUid: string): void {
    this.host.report.message(
      `This view is of series ${seriesUid} from local files, which a page cannot open again by itself: ` +
        'pick the same files (or folder) again and the view is put back once that series is shown.',
      'info',
    );
    this.host.report.askForFiles(seriesUid);
  }

  /** Opens the page that shows the state's series (the sample with its options, or the DICOMweb link), the state in its hash. */
  private navigateTo(series: SeriesReference, state: ViewState): void {
    const url = new URL(location.href);
    if (series.kind === 'sample') {
      for (const key of ['dicomweb', 'study', 'series']) url.searchParams.delete(key);
      url.searchParams.set('sample', JSON.stringify(series.options));
    } else if (series.kind === 'dicomweb') {
      const root = new URL(series.root, location.href).href;
      url.href = dicomWebLinkHref(url.href, { root, study: series.study, series: series.seriesUid });
      url.searchParams.delete('sample');
    } else return;
    url.hash = encodeHash(state);
    // Only the hash differs: assigning would not load the page again, only fire hashchange.
    if (url.href.split('#')[0] === location.href.split('#')[0]) {
      history.replaceState(history.state, '', url.href);
      location.reload();
    } else location.assign(url.href);
  }

  private volumeShown(volume: CtVolume): void {
    const state = this.pending;
    if (!state) return this.viewChanged();
    const wanted = state.series?.seriesUid;
    if (wanted !== undefined && wanted !== volume.seriesInstanceUID) {
      this.pending = null;
      this.host.report.askForFiles(null);
      this.host.report.message(
        `The view state is of series ${wanted}, not of the series shown (${volume.seriesInstanceUID}): it was not applied.`,
        'error',
      );
      return;
    }
    this.restore(state);
  }

  /**
   * Puts the state back in the volume's first moments (the 3D camera before its first 3D frame); the
   * measurements a task later, once their store has taken the new volume.
   */
  private restore(state: ViewState): void {
    this.host.report.askForFiles(null);
    const problems = restoreViewState(this.host.target, state, ['measurements']);
    void nextTask().then(() => {
      if (state.measurements) problems.push(...restoreViewState(this.host.target, { measurements: state.measurements }));
      this.pending = null;
      this.host.report.message(
        problems.length === 0 ? 'View restored.' : `View restored, except: ${problems.slice(0, 5).join('; ')}.`,
        problems.length === 0 ? 'info' : 'error',
      );
      this.viewChanged();
    });
  }

  private viewChanged(): void {
    if (this.pending) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.writeHash(), HASH_DEBOUNCE_MS);
  }

  private writeHash(): void {
    if (this.pending || !this.host.shownVolume()) return;
    const url = new URL(location.href);
    url.hash = encodeHash(this.capture());
    if (url.href === location.href) return;
    try {
      history.replaceState(history.state, '', url.href);
    } catch {
      // an opaque or sandboxed page cannot rewrite its address: the file still saves the view
    }
  }
}
