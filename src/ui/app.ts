import type { SeriesSummary, StudyIndexSummary } from '../dicom/series-types';
import { IngestClient } from '../ingest/ingest-client';
import type { PhantomOptions } from '../phantom/phantom';
import { markLoad, markLoadStart } from '../perf/load-marks';
import { nextTask } from '../runtime/next-task';
import type { CtVolume } from '../volume/ct-volume';
import { el } from '../dom/elements';
import { createFileInputs } from './file-inputs';
import { Image2dLoad } from './image-2d-load';
import type { Image2dViews } from './image-2d-session';
import { type LoadPage, QUIET_LOAD_MS, showFailure } from './load-page';
import { type LoadState, LoadStateView } from './load-state';
import { renderSeriesList } from './series-list';
import { SeriesThumbnails } from './series-thumbnails';
import { ThumbnailClient } from '../ingest/thumbnail-client';
import { renderVolumeInfo } from './volume-info';
import { TagInspector } from './tag-inspector/tag-inspector-feed';
import { type VolumeConsumer, VolumeLoad } from './volume-load';

/**
 * A source whose files are read while a series is built (a DICOMweb study): told when a load of one
 * of its series begins, and when another source replaces it, so its requests can stop.
 */
export interface StreamedSource {
  loadBegins(series: SeriesSummary): void;
  abandon(): void;
}

/** Wires inputs → ingest worker → series list → built volume → views. Holds no imaging logic itself. */
export class App {
  private readonly ingest = new IngestClient();
  /** Each listed series' middle image, drawn in a worker of its own while no load runs. */
  private readonly thumbnails = new SeriesThumbnails(new ThumbnailClient(this.ingest));
  private readonly status = new LoadStateView();
  private readonly seriesPanel = el('div', { className: 'series-panel' });
  private readonly infoPanel = el('div', { className: 'info-panel' });
  /** The header of the slice shown (folded until opened; main.ts has it follow the viewer). */
  readonly tagInspector = new TagInspector(this.ingest);
  /** Where a source other than local files puts its panel (the DICOMweb study browser). */
  readonly sourcePanel = el('div', { className: 'source-panel' });
  private streamed: StreamedSource | null = null;
  /** The index listed now: exports name their files after its series (src/ui/export-naming.ts). */
  shownIndex: StudyIndexSummary | null = null;
  /** Where the index shown came from (a shared view state names it, see src/ui/view-state). */
  openedFrom: { kind: 'files' } | { kind: 'sample'; options: PhantomOptions } | { kind: 'streamed' } | null = null;
  /** Increments per user action so a slow, superseded load cannot overwrite a newer one. */
  private generation = 0;
  /** Series that are not volumes, image by image in the 2D pane. */
  private readonly images2d: Image2dLoad;
  /** Series that are volumes: built in the workers, shown as they stream in. */
  private readonly volumes: VolumeLoad;

  constructor(
    root: HTMLElement,
    private readonly views: VolumeConsumer & Image2dViews,
    viewsElement: HTMLElement,
    controls: HTMLElement,
  ) {
    const page: LoadPage = {
      status: this.status,
      loadBegins: (series) => this.streamed?.loadBegins(series),
      markActive: (seriesId) => this.markActive(seriesId),
    };
    this.images2d = new Image2dLoad(this.ingest, views, page, this.infoPanel, (series, file) =>
      this.tagInspector.image2dShown(series.id, file),
    );
    this.volumes = new VolumeLoad(this.ingest, views, page);
    const sidebar = el(
      'aside',
      { className: 'sidebar' },
      el('h1', {}, 'CT Viewer'),
      createFileInputs(
        (files) => void this.openFiles(files),
        () => void this.openSample(),
      ),
      this.sourcePanel,
      this.status.element,
      controls,
      this.seriesPanel,
      this.infoPanel,
      this.tagInspector.element,
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
    this.useSource(null);
    this.openedFrom = { kind: 'files' };
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
    this.useSource(null);
    this.openedFrom = { kind: 'sample', options };
    this.status.set('loading', 'Generating the sample CT phantom…', [], QUIET_LOAD_MS);
    try {
      const index = await this.ingest.indexSample(options);
      if (generation !== this.generation) return;
      this.showIndex(index, generation);
    } catch (error) {
      if (generation === this.generation) this.fail(error);
    }
  }

  /**
   * An index made elsewhere (a DICOMweb study's metadata, `produce` hands it to the ingest), listed
   * as local files are; `pick` names a series to load at once, or says in words why it cannot.
   */
  async openIndex(
    message: string,
    produce: (ingest: IngestClient) => Promise<StudyIndexSummary>,
    source: StreamedSource,
    pick?: (index: StudyIndexSummary) => SeriesSummary | string,
  ): Promise<void> {
    markLoadStart();
    const generation = ++this.generation;
    this.useSource(source);
    this.openedFrom = { kind: 'streamed' };
    this.status.set('loading', message);
    try {
      const index = await produce(this.ingest);
      if (generation === this.generation) this.showIndex(index, generation, pick);
    } catch (error) {
      if (generation === this.generation) this.fail(error);
    }
  }

  /** A message from a panel (a server that cannot be searched, a sign-in it waits for). */
  showStatus(state: LoadState, message: string): void {
    this.status.set(state, message);
  }

  private useSource(source: StreamedSource | null): void {
    if (this.streamed !== source) this.streamed?.abandon();
    this.streamed = source;
  }

  private showIndex(
    index: StudyIndexSummary,
    generation: number,
    pick?: (index: StudyIndexSummary) => SeriesSummary | string,
  ): void {
    markLoad('indexed');
    this.shownIndex = index;
    const showList = () => {
      const list = renderSeriesList(index, (series) => void this.load(series));
      this.thumbnails.attach(list);
      this.seriesPanel.replaceChildren(list);
    };
    if (pick) {
      showList();
      const chosen = pick(index);
      if (typeof chosen === 'string') this.status.set('error', chosen);
      else void this.load(chosen, generation);
      return;
    }
    const volumes = index.series.filter((s) => s.isVolume);
    const skipped = [...(index.notices ?? []), ...index.skipped.map((s) => `skipped ${s.file}: ${s.reason}`)];
    if (volumes.length === 1) {
      // The list waits for the first slice: with a software GPU every change of the page makes the
      // compositor read the WebGL canvas back (40–75 ms of CPU, measured), taken from that slice.
      void nextTask().then(() => {
        if (generation === this.generation) void this.load(volumes[0]!, generation, showList);
      });
      return;
    }
    // Nothing to build, one series of images: it opens in 2D as a volume would open.
    if (volumes.length === 0 && index.series.length === 1) {
      void this.load(index.series[0]!, generation, showList);
      return;
    }
    showList();
    const message =
      volumes.length > 0
        ? `${volumes.length} volumes found in ${index.fileCount} file(s): choose one.`
        : index.series.length > 0
          ? `No volume can be built from ${index.fileCount} file(s): choose a series to view its images in 2D.`
          : `No volume can be built from ${index.fileCount} file(s).`;
    this.status.set(index.series.length === 0 ? 'error' : 'idle', message, skipped);
  }

  /**
   * Builds and shows a series (see VolumeLoad), or opens its images in 2D when it is not a volume (see
   * Image2dLoad). `quietUntilFirstSlice` (the list, for an automatic load) is drawn, with the series
   * marked and the status saying so, with the first frame after the first slice is on screen (see
   * showIndex); so is the progress after it (see Viewer.withNextFrame).
   */
  async load(series: SeriesSummary, generation = ++this.generation, quietUntilFirstSlice?: () => void): Promise<void> {
    const current = () => generation === this.generation;
    // The whole load, its first 3D frame included, is one the thumbnails wait for (see ThumbnailClient).
    return this.ingest.loads.during(() =>
      series.isVolume
        ? this.volumes.load(series, current, quietUntilFirstSlice)
        : this.images2d.open(series, current, quietUntilFirstSlice),
    );
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
    showFailure(this.status, error);
  }
}
