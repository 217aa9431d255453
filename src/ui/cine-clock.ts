/** Frames per second a cine may run at: slower than one slice a second is stepping, faster no display keeps up with. */
export const CINE_FPS_RANGE: readonly [number, number] = [1, 60];
export const DEFAULT_CINE_FPS = 10;

/** A rate from the user's input, within CINE_FPS_RANGE; anything that is not a number gives the default. */
export function cineRate(input: string | number): number {
  const value = Number(input);
  if (!Number.isFinite(value) || String(input).trim() === '') return DEFAULT_CINE_FPS;
  return Math.min(CINE_FPS_RANGE[1], Math.max(CINE_FPS_RANGE[0], value));
}

/** A frame's timestamp this much early still steps (timestamps jitter; a miss would cost a whole frame). */
const EARLY_MS = 1;

/**
 * When the next slice is due: one every 1/fps seconds by animation-frame timestamps, and never more
 * than one per frame, so that every slice is shown: a display too slow for the rate slows the cine
 * down (it steps at each frame then) rather than skipping slices a reader must see.
 */
export class CineClock {
  private next: number | null = null;
  private readonly interval: number;

  constructor(readonly fps: number) {
    this.interval = 1000 / fps;
  }

  /** Whether to step to the next slice at time `now` (ms, an animation frame's timestamp). */
  due(now: number): boolean {
    if (this.next === null) {
      this.next = now + this.interval;
      return false;
    }
    if (now < this.next - EARLY_MS) return false;
    // On schedule: the next one an interval on. Behind it: due at the next frame, one at a time.
    this.next = Math.max(this.next + this.interval, now);
    return true;
  }
}

/** The slice `steps` on from `index` among `count`, looping back to the first. */
export function loopedSlice(index: number, steps: number, count: number): number {
  if (count <= 0) return 0;
  return (((index + steps) % count) + count) % count;
}
