import './image-2d.css';
import type { SeriesSummary } from '../dicom/series-types';
import type { SliceHeader } from '../dicom/types';
import type { Image2d } from '../volume/image-2d';
import type { Images2d } from '../volume/image-2d-series';

/** The views as the 2D mode drives them (a Viewer). */
export interface Image2dViews {
  showImage2d(image: Image2d, position: { index: number; count: number }, why: string): void;
  onImage2dStep(listener: (index: number) => void): void;
}

/** Where the images come from (an IngestClient): which ones, and each decoded in a worker. */
export interface Image2dSource {
  images2d(seriesId: string): Images2d;
  readImage2d(header: SliceHeader): Promise<Image2d>;
}

/** What the page hears of the session: an image shown, or one that could not be. */
export interface Image2dReport {
  shown(series: SeriesSummary, image: Image2d, index: number, count: number): void;
  failed(error: unknown): void;
}

/** Decoded images kept for stepping back and forth; a series of many large images is not held whole. */
const KEPT_IMAGES = 8;

/**
 * Steps through the images of a series that is not a volume: each decoded in a worker when asked for
 * (the wheel, keys or slider of the 2D pane), the latest request winning, the last few kept.
 */
export class Image2dSession {
  private session: { series: SeriesSummary; images: SliceHeader[]; why: string; isCurrent: () => boolean } | null = null;
  private readonly kept = new Map<string, Image2d>();
  /** The latest request: an image that arrives after a later one was asked for is not shown. */
  private request = 0;

  constructor(
    private readonly source: Image2dSource,
    private readonly views: Image2dViews,
    private readonly report: Image2dReport,
  ) {
    views.onImage2dStep((index) => void this.stepTo(index).catch((error: unknown) => this.report.failed(error)));
  }

  /**
   * Opens `series` at its first image; `isCurrent` says whether the page still wants it (a later load
   * supersedes it, and then neither this nor any step shows anything). Rejects when the first image
   * cannot be shown.
   */
  async open(series: SeriesSummary, isCurrent: () => boolean): Promise<void> {
    const { images, start } = this.source.images2d(series.id);
    this.kept.clear();
    this.session = { series, images, why: emptyVolumeWords(series, images.length), isCurrent };
    await this.show(start);
  }

  private async stepTo(index: number): Promise<void> {
    if (!this.session?.isCurrent()) return;
    await this.show(index);
  }

  private async show(index: number): Promise<void> {
    const session = this.session!;
    const header = session.images[index];
    if (!header) return;
    const request = ++this.request;
    const wanted = () => request === this.request && this.session === session && session.isCurrent();
    let image: Image2d;
    try {
      image = this.kept.get(header.file) ?? (await this.source.readImage2d(header));
    } catch (error) {
      if (wanted()) throw error;
      return;
    }
    if (!wanted()) return;
    this.keep(image);
    this.views.showImage2d(image, { index, count: session.images.length }, session.why);
    this.report.shown(session.series, image, index, session.images.length);
  }

  private keep(image: Image2d): void {
    this.kept.delete(image.file);
    this.kept.set(image.file, image);
    while (this.kept.size > KEPT_IMAGES) this.kept.delete(this.kept.keys().next().value!);
  }
}

/** What the 3D pane says beside a 2D image. */
export function emptyVolumeWords(series: Pick<SeriesSummary, 'reason'>, count: number): string {
  const what = count === 1 ? 'A single image' : `${count} separate images`;
  return `${what}: no volume to render${series.reason ? ` (${series.reason})` : ''}`;
}
