import { el } from '../dom/elements';
import type { SliceViewName } from '../views/view-orientation';
import type { Viewer } from '../views/viewer';
import { CINE_FPS_RANGE, CineClock, DEFAULT_CINE_FPS, cineRate, loopedSlice } from './cine-clock';
import type { ShortcutRegistry } from './shortcuts';

export const CINE_KEY = 'c';
const SLICE_PANES: readonly SliceViewName[] = ['axial', 'coronal', 'sagittal'];

/**
 * Cine: plays through the slices of the active slice pane (the last one the user touched, on screen)
 * at the chosen rate, looping; stops on pause, or when the pane's slice changes by anything else (a
 * scroll, a click in another pane). It moves the cursor along that pane's axis only, so only that
 * pane is drawn (the others keep their slice; their reference lines are overlays).
 */
export class Cine {
  readonly element: HTMLElement;
  private readonly button = el('button', { type: 'button', 'data-testid': 'cine-play' }, 'Play');
  private readonly rate = el('input', {
    type: 'number',
    'data-testid': 'cine-fps',
    min: CINE_FPS_RANGE[0],
    max: CINE_FPS_RANGE[1],
    step: 1,
    value: DEFAULT_CINE_FPS,
    title: 'Cine rate (slices per second)',
  });
  private active: SliceViewName = 'axial';
  private playing: { pane: SliceViewName; clock: CineClock; shown: number; frame: number } | null = null;

  constructor(
    private readonly viewer: Viewer,
    registry: ShortcutRegistry,
  ) {
    this.element = el('span', { className: 'cine' }, this.button, el('label', {}, ' ', this.rate, ' fps'));
    this.button.addEventListener('click', () => this.toggle());
    this.rate.addEventListener('change', () => {
      this.rate.value = String(cineRate(this.rate.value));
      if (this.playing) this.play(this.playing.pane);
    });
    for (const pane of SLICE_PANES) {
      const element = viewer.paneElement(pane);
      const touched = () => (this.active = pane);
      element.addEventListener('pointerdown', touched);
      element.addEventListener('wheel', touched, { passive: true });
      element.addEventListener('focus', touched);
    }
    registry.register({
      key: CINE_KEY,
      description: 'Play or pause cine in the active slice pane',
      handler: () => this.toggle(),
    });
  }

  get isPlaying(): boolean {
    return this.playing !== null;
  }

  toggle(): void {
    if (this.playing) this.stop();
    else this.play(this.pane());
  }

  /** The active pane if it is on screen, else the first slice pane that is. */
  private pane(): SliceViewName {
    if (this.viewer.paneShown(this.active)) return this.active;
    return SLICE_PANES.find((pane) => this.viewer.paneShown(pane)) ?? this.active;
  }

  play(pane: SliceViewName): void {
    this.stop();
    if (!this.viewer.paneShown(pane) || this.viewer.sliceCount(pane) < 2) return;
    const clock = new CineClock(cineRate(this.rate.value));
    this.playing = { pane, clock, shown: this.viewer.sliceIndex(pane), frame: requestAnimationFrame((now) => this.tick(now)) };
    this.viewer.paneElement(pane).dataset.cine = 'playing';
    this.button.textContent = 'Pause';
  }

  stop(): void {
    if (!this.playing) return;
    cancelAnimationFrame(this.playing.frame);
    delete this.viewer.paneElement(this.playing.pane).dataset.cine;
    this.playing = null;
    this.button.textContent = 'Play';
  }

  private tick(now: number): void {
    const playing = this.playing;
    if (!playing) return;
    const { pane } = playing;
    // Anything else that moved this pane's slice (a scroll, a click elsewhere, a new volume) or took
    // the pane off screen ends the cine.
    if (this.viewer.sliceIndex(pane) !== playing.shown || !this.viewer.paneShown(pane)) return this.stop();
    if (playing.clock.due(now)) {
      playing.shown = loopedSlice(playing.shown, 1, this.viewer.sliceCount(pane));
      this.viewer.scrollSliceTo(pane, playing.shown);
    }
    playing.frame = requestAnimationFrame((next) => this.tick(next));
  }
}
