/** The HU histogram drawn behind the transfer-function editor's curve (pure, runs in Node tests). */

import type { HuRange } from './gaussian-model';

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Step between sampled voxels so that about `maxSamples` are read. Stepping by a multiple of the
 * row length (or of a power of two sharing factors with it) would read the same few columns of
 * every row, so the step is made coprime with each of `periods` (row length, slice size).
 */
export function chooseStride(length: number, maxSamples: number, periods: readonly number[] = []): number {
  let stride = Math.max(1, Math.ceil(length / Math.max(1, maxSamples)));
  if (stride === 1) return 1;
  while (periods.some((p) => p > 1 && gcd(stride, p) !== 1)) stride++;
  return stride;
}

export interface HuHistogram {
  /** Voxel counts per bin; bin b covers [range[0] + b·w, range[0] + (b+1)·w), the last one includes range[1]. */
  counts: Uint32Array;
  range: [number, number];
  /** Every `stride`-th voxel was counted. */
  stride: number;
  /** Number of voxels counted. */
  samples: number;
}

export interface HistogramOptions {
  bins?: number;
  /** Read about this many voxels at most (default 2^20). */
  maxSamples?: number;
  /** Volume dimensions [i, j, k]; keeps the sampling stride from aliasing with rows and slices. */
  dimensions?: readonly [number, number, number];
}

/**
 * Histogram of HU values over `range`, reading every Nth voxel in place (the buffer is never copied).
 * Values outside the range go to the end bins; NaN is skipped.
 */
export function huHistogram(scalars: ArrayLike<number>, range: HuRange, options: HistogramOptions = {}): HuHistogram {
  const bins = Math.max(1, Math.floor(options.bins ?? 256));
  const length = scalars.length;
  const periods = options.dimensions ? [options.dimensions[0], options.dimensions[0] * options.dimensions[1]] : [];
  const stride = chooseStride(length, options.maxSamples ?? 1 << 20, periods);
  const counts = new Uint32Array(bins);
  const lo = range[0];
  const span = range[1] - range[0];
  const scale = span > 0 ? bins / span : 0;
  let samples = 0;
  for (let i = 0; i < length; i += stride) {
    const v = scalars[i]!;
    if (v !== v) continue; // NaN
    let b = Math.floor((v - lo) * scale);
    if (b < 0) b = 0;
    else if (b >= bins) b = bins - 1;
    counts[b]!++;
    samples++;
  }
  return { counts, range: [range[0], range[1]], stride, samples };
}

/**
 * Counts → heights in [0, 1] on a log scale (log(1 + count) / log(1 + max)), so the air and
 * padding peaks of a CT do not flatten the tissue peaks to nothing.
 */
export function logScaledHistogram(counts: ArrayLike<number>): Float32Array {
  const out = new Float32Array(counts.length);
  let max = 0;
  for (let i = 0; i < counts.length; i++) max = Math.max(max, counts[i]!);
  if (max <= 0) return out;
  const norm = Math.log1p(max);
  for (let i = 0; i < counts.length; i++) out[i] = Math.log1p(counts[i]!) / norm;
  return out;
}
