/** Where the editor spreads a colour map over the HU range: opacity span and rescaled presets (pure). */

import type { HuRange } from './gaussian-model';

/**
 * HU interval where the opacity curve (sampled evenly over `range`) exceeds `threshold`, or null if it
 * never does. Colour maps are spread over it so their whole gradient lands on visible tissue.
 */
export function opacityHuRange(opacities: ArrayLike<number>, range: HuRange, threshold = 0.01): [number, number] | null {
  let first = -1;
  let last = -1;
  for (let i = 0; i < opacities.length; i++) {
    if (opacities[i]! > threshold) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return null;
  const n = opacities.length;
  const at = (i: number) => (n > 1 ? range[0] + (i / (n - 1)) * (range[1] - range[0]) : range[0]);
  return [at(first), at(last)];
}

/**
 * A vtk.js colour-map preset's flat RGBPoints [x, r, g, b, x, r, g, b, …] with its x values moved
 * linearly from their own span onto [lo, hi] (colours untouched).
 */
export function rescaleRgbPoints(rgbPoints: readonly number[], lo: number, hi: number): number[] {
  const count = Math.floor(rgbPoints.length / 4);
  if (count === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    min = Math.min(min, rgbPoints[4 * i]!);
    max = Math.max(max, rgbPoints[4 * i]!);
  }
  const out = rgbPoints.slice(0, count * 4);
  for (let i = 0; i < count; i++) {
    const t = max > min ? (rgbPoints[4 * i]! - min) / (max - min) : count > 1 ? i / (count - 1) : 0;
    out[4 * i] = lo + t * (hi - lo);
  }
  return out;
}

/** A usable HU span for the colour map: at least `minWidth` HU wide, inside `range` where possible. */
export function widenRange(span: HuRange | null, range: HuRange, minWidth = 20): [number, number] {
  let [lo, hi] = span ?? range;
  if (hi - lo < minWidth) {
    const mid = 0.5 * (lo + hi);
    lo = mid - minWidth / 2;
    hi = mid + minWidth / 2;
  }
  return [lo, hi];
}
