import type { SeriesSummary } from '../dicom/series-types';
import type { IngestClient } from '../ingest/ingest-client';
import { markLoad } from '../perf/load-marks';
import type { CtVolume } from '../volume/ct-volume';
import type { GpuTextureLimits } from '../volume/display-downsample';
import { type LoadPage, QUIET_LOAD_MS, seriesLabel, showFailure } from './load-page';

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

/** Builds a series into a volume in the ingest workers and shows it as it streams in (App.load's volume part). */
export class VolumeLoad {
  /** The last volume shown complete: shown again when a load that replaced it on screen fails. */
  private complete: { volume: CtVolume; gpuVolume: CtVolume } | null = null;

  constructor(
    private readonly ingest: IngestClient,
    private readonly views: VolumeConsumer,
    private readonly page: LoadPage,
  ) {}

  /**
   * Builds and shows `series` as long as `current()` (no later user action superseded it);
   * `quietUntilFirstSlice` is drawn with the first frame after the first slice, as App.load says.
   */
  async load(series: SeriesSummary, current: () => boolean, quietUntilFirstSlice?: () => void): Promise<void> {
    const label = seriesLabel(series);
    const building = `Building ${label} (${series.sliceCount} slices)…`;
    let announce: (() => void) | null = () => {
      quietUntilFirstSlice?.();
      this.page.status.set('loading', building);
      this.page.markActive(series.id);
    };
    const announceOnce = () => {
      announce?.();
      announce = null;
    };
    if (quietUntilFirstSlice) this.page.status.set('loading', building, [], QUIET_LOAD_MS);
    else announceOnce();
    this.page.loadBegins(series);
    // Once announced, progress follows the frames the views draw while the volume streams in.
    let progress: string | null = null;
    let progressQueued = false;
    const showProgress = () => {
      progressQueued = false;
      if (progress !== null && current() && this.page.status.state === 'loading') this.page.status.set('loading', progress);
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
      this.complete = { volume, gpuVolume };
      this.page.status.set('ready', `${label}: ${dims} voxels ready`, [...volume.corrections, ...warnings]);
    } catch (error) {
      if (!current()) return;
      announceOnce();
      showFailure(this.page.status, error);
      if (shown && this.complete && shown !== this.complete.volume) void this.showAgain(this.complete);
    }
  }

  /** Puts a complete volume back on screen in place of a partial one (a load that failed mid-stream). */
  private async showAgain({ volume, gpuVolume }: { volume: CtVolume; gpuVolume: CtVolume }): Promise<void> {
    this.views.beginVolume(volume, gpuVolume);
    this.views.slicesLoaded(0, volume.dimensions[2]);
    await this.views.finishVolume();
    await this.views.showVolume3d();
  }
}
