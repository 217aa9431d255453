import './series-thumbnails.css';
import { el } from '../dom/elements';
import type { ThumbnailClient, ThumbnailOutcome } from '../ingest/thumbnail-client';

/** CSS pixels a thumbnail's longer side takes in the list. */
const THUMBNAIL_CSS_PX = 64;
/** Rows this far below the fold get theirs too, so a short scroll finds them drawn. */
const LOOK_AHEAD = '128px';

/**
 * A thumbnail of each series in the list (its middle image), made by the ThumbnailClient in a worker
 * and only drawn here: a row's is asked for once the row is on screen, and its request withdrawn if
 * the row leaves it before its turn. `data-state` on each canvas: waiting, queued, ready or failed (the
 * reason in its title).
 */
export class SeriesThumbnails {
  private observer: IntersectionObserver | null = null;
  private readonly cancels = new Map<Element, () => void>();

  constructor(private readonly client: ThumbnailClient) {
    // For automation: the job log says what ran where and when (see ThumbnailClient).
    (globalThis as { ctThumbnails?: unknown }).ctThumbnails = { log: () => client.log() };
  }

  /** Gives every series row of `list` a thumbnail canvas; the previous list's requests are withdrawn. */
  attach(list: HTMLElement): void {
    this.detach();
    const observer = new IntersectionObserver((entries) => this.visibilityChanged(entries), { rootMargin: LOOK_AHEAD });
    this.observer = observer;
    for (const row of list.querySelectorAll<HTMLElement>('[data-testid="series-item"]')) {
      const canvas = el('canvas', {
        className: 'series-thumbnail',
        'data-testid': 'series-thumbnail',
        'data-state': 'waiting',
        width: 1,
        height: 1,
        'aria-hidden': 'true',
      });
      row.prepend(canvas);
      row.classList.add('with-thumbnail');
      observer.observe(row);
    }
  }

  private detach(): void {
    this.observer?.disconnect();
    this.observer = null;
    for (const cancel of this.cancels.values()) cancel();
    this.cancels.clear();
  }

  private visibilityChanged(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const row = entry.target as HTMLElement;
      const canvas = row.querySelector<HTMLCanvasElement>(':scope > canvas.series-thumbnail');
      const seriesId = row.dataset.seriesId;
      if (!canvas || !seriesId) continue;
      if (entry.isIntersecting && canvas.dataset.state === 'waiting') {
        canvas.dataset.state = 'queued';
        const maxSide = Math.round(THUMBNAIL_CSS_PX * Math.min(3, Math.max(1, devicePixelRatio || 1)));
        this.cancels.set(
          row,
          this.client.request(seriesId, maxSide, (outcome) => {
            this.cancels.delete(row);
            this.observer?.unobserve(row);
            show(canvas, outcome);
          }),
        );
      } else if (!entry.isIntersecting && canvas.dataset.state === 'queued') {
        // Off screen before its turn: withdrawn, asked for again when it comes back.
        this.cancels.get(row)?.();
        this.cancels.delete(row);
        canvas.dataset.state = 'waiting';
      }
    }
  }
}

/** Puts the worker's pixels 1:1 in device pixels, or the placeholder with the reason as its title. */
function show(canvas: HTMLCanvasElement, outcome: ThumbnailOutcome): void {
  if ('failure' in outcome) {
    canvas.dataset.state = 'failed';
    canvas.title = `No thumbnail: ${outcome.failure}`;
    canvas.width = canvas.height = 1;
    return;
  }
  const { thumbnail } = outcome;
  const ratio = Math.min(3, Math.max(1, devicePixelRatio || 1));
  canvas.width = thumbnail.width;
  canvas.height = thumbnail.height;
  canvas.style.width = `${thumbnail.width / ratio}px`;
  canvas.style.height = `${thumbnail.height / ratio}px`;
  const context = canvas.getContext('2d')!;
  context.putImageData(new ImageData(thumbnail.rgba, thumbnail.width, thumbnail.height), 0, 0);
  canvas.dataset.state = 'ready';
  canvas.dataset.file = thumbnail.file;
  canvas.dataset.decodedIn = thumbnail.decodedIn;
  if (thumbnail.window) canvas.dataset.window = `${thumbnail.window.center},${thumbnail.window.width}`;
  canvas.dataset.inverted = String(thumbnail.inverted);
}
