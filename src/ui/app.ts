import type { SeriesSummary, StudyIndexSummary } from '../dicom/series-types';
import { IngestClient } from '../ingest/ingest-client';
import type { PhantomOptions } from '../phantom/phantom';
import { markLoad, markLoadStart } from '../perf/load-marks';
import { nextTask } from '../runtime/next-task';
import type { CtVolume } from '../volume/ct-volume';
import type { GpuTextureLimits } from '../volume/display-downsample';
import { el } from '../dom/elements';
import { createFileInputs } from './file-inputs';
import { LoadStateView } from './load-state';
import { renderSeriesList } from './series-list';
import { renderVolumeInfo } from './volume-info';

/** The views as the loader drives them: a volume is begun, filled slab by slab, then finished. */
export interface VolumeConsumer {
  /** GPU preparations that would otherwise block the main thread during the first load. */
  warmUp(): Promise<void>;
  beginVolume(volume: CtVolume, gpuVolume?: CtVolume): void;
  gpuLimits(): GpuTextureLimits;
  slicesLoaded(start: number, count: number): void;
  /** Resolves once every slice handed over so far is drawn. */
  slicesShown(): Promise<void>;
  /** Makes `change` to the page right before the next frame the views draw (sharing that frame). */
  withNextFrame(change: () => void): void;
  /** Resolves once the whole volume is drawn in the slice panes. */
  finishVolume(): Promise<void>;
  /** Resolves once the 3D pane has drawn the complete volume. */
  showVolume3d(): Promise<void>;
}

/**
 * How long a load may run before its busy message appears: most loads show their first image
 * sooner, and leave the page still until then (see LoadStateView.set).
 */
const QUIET_LOAD_MS = 400;

/** Wires inputs → ingest worker → series list → built volume → views. Holds no imaging logic itself. */
export class App {
  private readonly ingest = new IngestClient();
  private readonly status = new LoadStateView();
  private readonly seriesPanel = el('div', { className: 'series-panel' });
  private readonly infoPanel = el('div', { className: 'info-panel' });
  /** Increments per user action so a slow, superseded load cannot overwrite a newer one. */
  private generation = 0;

  constructor(
    root: HTMLElement,
    private readonly views: VolumeConsumer,
    viewsElement: HTMLElement,
    controls: HTMLElement,
  ) {
    const sidebar = el(
      'aside',
      { className: 'sidebar' },
      el('h1', {}, 'CT Viewer'),
      createFileInputs(
        (files) => void this.openFiles(files),
        () => void this.openSample(),
      ),
      this.status.element,
      controls,
      this.seriesPanel,
      this.infoPanel,
    );
    root.replaceChildren(el('div', { className: 'layout' }, sidebar, viewsElement));
  }

  /**
   * Prepares while the user picks files: the workers load the DICOM reader, the views compile their
   * GPU programs. `data-warm` on the status tells automation (the benchmark) when that is done.
   */
  async warmUp(): Promise<void> {
    this.status.element.dataset.warm = 'warming';
    await Promise.all([this.ingest.warmUp(), this.views.warmUp().catch(() => undefined)]);
    this.status.element.dataset.warm = 'ready';
  }

  async openFiles(files: File[]): Promise<void> {
    markLoadStart();
    const generation = ++this.generation;
    this.status.set('loading', `Reading headers of ${files.length} file(s)…`, [], QUIET_LOAD_MS);
    // The browser hands a folder over in one task of its own making; the reading starts in the next.
    await nextTask();
    // Progress messages cross the worker boundary asynchronously and can arrive after the result.
    let finished = false;
    try {
      const index = await this.ingest.indexFiles(files, (done, total) => {
        if (!finished && generation === this.generation) this.status.progress(`Reading headers… ${done} / ${total}`);
      });
      finished = true;
      if (generation !== this.generation) return;
      this.showIndex(index, generation);
    } catch (error) {
      finished = true;
      if (generation === this.generation) this.fail(error);
    }
  }

  async openSample(options: PhantomOptions = {}): Promise<void> {
    markLoadStart();
    const generation = ++this.generation;
    this.status.set('loading', 'Generating the sample CT phantom…', [], QUIET_LOAD_MS);
    try {
      const index = await this.ingest.indexSample(options);
      if (generation !== this.generation) return;
      this.showIndex(index, generation);
    } catch (error) {
      if (generation === this.generation) this.fail(error);
    }
  }

  private showIndex(index: StudyIndexSummary, generation: number): void {
    markLoad('indexed');
    const showList = () => this.seriesPanel.replaceChildren(renderSeriesList(index, (series) => void this.load(series)));
    const volumes = index.series.filter((s) => s.isVolume);
    const skipped = index.skipped.map((s) => `skipped ${s.file}: ${s.reason}`);
    if (volumes.length === 1) {
      // The list waits for the first slice: with a software GPU every change of the page makes the
      // compositor read the WebGL canvas back (40–75 ms of CPU, measured), taken from that slice.
      void nextTask().then(() => {
        if (generation === this.generation) void this.load(volumes[0]!, generation, showList);
      });
      return;
    }
    showList();
    const message =
      volumes.length === 0
        ? `No volume can be built from ${index.fileCount} file(s).`
        : `${volumes.length} volumes found in ${index.fileCount} file(s): choose one.`;
    this.status.set(volumes.length === 0 ? 'error' : 'idle', message, skipped);
  }

  /**
   * Builds and shows a series. `quietUntilFirstSlice` (the list, for an automatic load) is drawn,
   * with the series marked and the status saying so, with the first frame after the first slice is
   * on screen (see showIndex); so is the progress after it (see Viewer.withNextFrame).
   */
  async load(series: SeriesSummary, generation = ++this.generation, quietUntilFirstSlice?: () => void): Promise<void> {
    const label = `series ${series.seriesNumber ?? ''} ${series.description}`.replace(/\s+/g, ' ').trim();
    const building = `Building ${label} (${series.sliceCount} slices)…`;
    let announce: (() => void) | null = () => {
      quietUntilFirstSlice?.();
      this.status.set('loading', building);
      this.markActive(series.id);
    };
    const announceOnce = () => {
      announce?.();
      announce = null;
    };
    if (quietUntilFirstSlice) this.status.set('loading', building, [], QUIET_LOAD_MS);
    else announceOnce();
    const current = () => generation === this.generation;
    // Once announced, progress follows the frames the views draw while the volume streams in.
    let progress: string | null = null;
    let progressQueued = false;
    const showProgress = () => {
      progressQueued = false;
      if (progress !== null && current() && this.status.state === 'loading') this.status.set('loading', progress);
      progress = null;
    };
    let shown: CtVolume | null = null;
    try {
      const { volume, gpuVolume } = await this.ingest.build(
        series.id,
        {
          onStart: (shell, gpuShell) => {
            if (!current()) return;
            shown = shell;
            this.views.beginVolume(shell, gpuShell);
          },
          firstShown: async () => {
            if (!current()) return;
            await this.views.slicesShown();
            if (!current()) return;
            markLoad('firstSlice');
            this.views.withNextFrame(announceOnce);
          },
          onSlices: (start, count) => current() && this.views.slicesLoaded(start, count),
          onProgress: (done, total) => {
            if (!current() || done >= total) return;
            progress = `Building ${label}… ${done} / ${total} slices`;
            if (announce === null && !progressQueued) {
              progressQueued = true;
              this.views.withNextFrame(showProgress);
            }
          },
        },
        this.views.gpuLimits(),
      );
      if (!current()) return;
      announceOnce();
      // Not shown while it streamed, or replaced once a slice turned out unreadable (see IngestClient).
      if (shown !== volume) {
        this.views.beginVolume(volume, gpuVolume);
        this.views.slicesLoaded(0, volume.dimensions[2]);
      }
      await this.views.finishVolume();
      if (!current()) return;
      markLoad('firstSlice');
      markLoad('fullLoad');
      await this.views.showVolume3d();
      if (!current()) return;
      markLoad('first3dFrame');
      // The workers were replaced after the build (see IngestClient.build); ready the new ones now
      // that the first frames are drawn, so the next series starts warm.
      void this.ingest.warmUp();
      const dims = volume.dimensions.join('×');
      // A corrected finding ("gantry tilt 18.5° corrected") already says what the bare warning would.
      const warnings = volume.warnings.filter((w) => !volume.corrections.some((c) => c.startsWith(w)));
      this.status.set('ready', `${label}: ${dims} voxels ready`, [...volume.corrections, ...warnings]);
    } catch (error) {
      if (!current()) return;
      announceOnce();
      this.fail(error);
    }
  }

  showVolumeInfo(volume: CtVolume): void {
    this.infoPanel.replaceChildren(renderVolumeInfo(volume));
  }

  private markActive(seriesId: string): void {
    for (const row of this.seriesPanel.querySelectorAll<HTMLElement>('[data-testid="series-item"]')) {
      row.classList.toggle('active', row.dataset.seriesId === seriesId);
    }
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.status.set('error', `Could not load: ${message}`);
  }
}
