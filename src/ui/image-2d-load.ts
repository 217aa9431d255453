import type { SeriesSummary } from '../dicom/series-types';
import { renderImage2dInfo } from './image-2d-info';
import { Image2dSession, type Image2dSource, type Image2dViews } from './image-2d-session';
import { type LoadPage, QUIET_LOAD_MS, seriesLabel, showFailure } from './load-page';

/** Opens a series that is not a volume: its images in the 2D pane, one at a time (see Image2dSession). */
export class Image2dLoad {
  /** Series that are not volumes, image by image in the 2D pane. */
  private readonly images2d: Image2dSession;

  constructor(
    source: Image2dSource,
    views: Image2dViews,
    private readonly page: LoadPage,
    infoPanel: HTMLElement,
    /** Told of each image shown (its file's key), for the header inspector. */
    onShown?: (series: SeriesSummary, file: string) => void,
  ) {
    this.images2d = new Image2dSession(source, views, {
      shown: (series, image, index, count) => {
        const where = `image ${index + 1} / ${count}, ${image.width}×${image.height} px`;
        this.page.status.set(
          'ready',
          `${seriesLabel(series)}: ${where}, shown in 2D (not a volume: ${series.reason})`,
          image.warnings,
        );
        infoPanel.replaceChildren(renderImage2dInfo(image));
        onShown?.(series, image.file);
      },
      failed: (error) => showFailure(this.page.status, error, 'Could not show'),
    });
  }

  /** Shows the series' first image while `current()`; `quietUntilShown` (the list) is drawn with it. */
  async open(series: SeriesSummary, current: () => boolean, quietUntilShown?: () => void): Promise<void> {
    this.page.status.set('loading', `Opening ${seriesLabel(series)} in 2D…`, [], quietUntilShown ? QUIET_LOAD_MS : 0);
    this.page.loadBegins(series);
    try {
      await this.images2d.open(series, current);
      if (!current()) return;
      quietUntilShown?.();
      this.page.markActive(series.id);
    } catch (error) {
      if (!current()) return;
      quietUntilShown?.();
      showFailure(this.page.status, error);
    }
  }
}
