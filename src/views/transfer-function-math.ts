/**
 * Pure logic of the transfer-function editor (no DOM, no WebGL, no vtk.js objects), so it runs in
 * Node tests: the HU histogram drawn behind the curve, the gaussian model of vtk.js's
 * PiecewiseGaussianWidget, fitting gaussians to a preset's opacity curve, and colour-map rescaling.
 *
 * Gaussian coordinates are the widget's: x is normalised over the volume's HU range, 0 → huRange[0],
 * 1 → huRange[1]; heights are opacities in [0, 1].
 */

/** One opacity bump of vtk.js's PiecewiseGaussianWidget, in its normalised coordinates. */
export interface Gaussian {
  /** Centre of the support, normalised HU. */
  position: number;
  /** Peak opacity. */
  height: number;
  /** Half-width of the support [position - width, position + width]; opacity is 0 outside it. */
  width: number;
  /** Moves the peak inside the support (skew), normalised HU. */
  xBias: number;
  /** Shape: 0 bell (gaussian), 1 parabola, 2 flat top (box). */
  yBias: number;
}

export type HuRange = readonly [number, number];

/** Same constant as the widget: narrower gaussians are evaluated with this width. */
export const MIN_GAUSSIAN_WIDTH = 0.001;
/** The widget never lets a drag take a gaussian below this height. */
export const MIN_GAUSSIAN_HEIGHT = 0.05;

/**
 * Opacity curve of a set of gaussians on `sampling` points spread evenly over [0, 1] (the maximum of
 * the gaussians, not their sum). A transcription of PiecewiseGaussianWidget's `computeOpacities`
 * (vtk.js 37), so a fit done here is exactly what the widget will draw and apply.
 */
export function computeOpacities(gaussians: readonly Gaussian[], sampling = 256): Float64Array {
  const opacities = new Float64Array(sampling);
  for (const g of gaussians) accumulate(opacities, g.position, g.height, g.width, g.xBias, g.yBias);
  return opacities;
}

/** Raises `opacities` (samples over [0, 1]) to one gaussian where it is higher; see computeOpacities. */
function accumulate(opacities: Float64Array, position: number, height: number, width: number, xBias: number, yBias: number): void {
  const sampling = opacities.length;
  const last = sampling - 1;
  const w = width < MIN_GAUSSIAN_WIDTH ? MIN_GAUSSIAN_WIDTH : width;
  // Only samples inside the support can change; one sample of margin, the exact test is below.
  const first = Math.max(0, Math.floor((position - width) * last) - 1);
  const end = Math.min(last, Math.ceil((position + width) * last) + 1);
  for (let i = first; i <= end; i++) {
    const x = last > 0 ? i / last : 0;
    if (x > position + width || x < position - width) continue;
    let x0: number;
    if (xBias === 0 || x === position + xBias) x0 = x;
    else if (x > position + xBias) x0 = w === xBias ? position : position + (x - position - xBias) * (w / (w - xBias));
    else x0 = -w === xBias ? position : position - (x - position - xBias) * (w / (w + xBias));
    const x1 = (x0 - position) / w;
    const bell = Math.exp(-(4 * x1 * x1));
    const parabola = 1 - x1 * x1;
    const shape = yBias < 1 ? yBias * parabola + (1 - yBias) * bell : (2 - yBias) * parabola + (yBias - 1);
    const h = height * shape;
    if (h > opacities[i]!) opacities[i] = h;
  }
}

/**
 * A piecewise-linear curve given as [x, y] points (sorted by x), sampled at `n` points over `range`
 * the way vtkPiecewiseFunction evaluates it with clamping on: before the first point the first
 * value, after the last point the last value.
 */
export function samplePiecewiseLinear(points: ReadonlyArray<readonly [number, number]>, range: HuRange, n: number): Float64Array {
  const out = new Float64Array(n);
  if (points.length === 0) return out;
  const [lo, hi] = range;
  let seg = 0;
  for (let i = 0; i < n; i++) {
    const x = n > 1 ? lo + (i / (n - 1)) * (hi - lo) : 0.5 * (lo + hi);
    const first = points[0]!;
    const last = points[points.length - 1]!;
    if (x <= first[0]) out[i] = first[1];
    else if (x >= last[0]) out[i] = last[1];
    else {
      while (seg < points.length - 2 && x > points[seg + 1]![0]) seg++;
      const [x1, y1] = points[seg]!;
      const [x2, y2] = points[seg + 1]!;
      out[i] = x2 === x1 ? y2 : y1 + ((x - x1) / (x2 - x1)) * (y2 - y1);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Histogram

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

// ---------------------------------------------------------------------------------------------
// Opacity curve → gaussians

export interface GaussianFit {
  gaussians: Gaussian[];
  /** Root-mean-square opacity error of the fit over the sampled target. */
  rmse: number;
  /** Largest opacity the fit puts where the target is (nearly) transparent. */
  leak: number;
}

export interface FitOptions {
  /** At most this many gaussians (default 3). */
  maxGaussians?: number;
  /** Stop adding gaussians once the RMS error is below this (default 0.015). */
  tolerance?: number;
}

/** Target below this counts as transparent: opacity there lights up large HU ranges (air, fat). */
const TRANSPARENT = 0.004;
/** Weight of opacity added where the target is transparent (fog over whole tissues), vs. 1 elsewhere. */
const LEAK_WEIGHT = 30;

function project(p: number[]): void {
  for (let g = 0; g < p.length; g += 5) {
    const width = Math.min(1.5, Math.max(0.002, p[g + 2]!));
    p[g] = Math.min(1, Math.max(0, p[g]!));
    p[g + 1] = Math.min(1, Math.max(MIN_GAUSSIAN_HEIGHT, p[g + 1]!));
    p[g + 2] = width;
    const bias = Math.min(0.95 * width, 1);
    p[g + 3] = Math.min(bias, Math.max(-bias, p[g + 3]!));
    p[g + 4] = Math.min(2, Math.max(0, p[g + 4]!));
  }
}

function toGaussians(p: readonly number[]): Gaussian[] {
  const out: Gaussian[] = [];
  for (let g = 0; g < p.length; g += 5) {
    out.push({ position: p[g]!, height: p[g + 1]!, width: p[g + 2]!, xBias: p[g + 3]!, yBias: p[g + 4]! });
  }
  return out;
}

function fromGaussians(gaussians: readonly Gaussian[]): number[] {
  return gaussians.flatMap((g) => [g.position, g.height, g.width, g.xBias, g.yBias]);
}

function weightedError(fit: ArrayLike<number>, target: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < target.length; i++) {
    const d = fit[i]! - target[i]!;
    sum += target[i]! < TRANSPARENT && d > 0 ? LEAK_WEIGHT * d * d : d * d;
  }
  return sum / target.length;
}

/** Bounded Nelder–Mead (points projected into the parameter box) minimising `f`. */
function nelderMead(f: (p: number[]) => number, start: number[], steps: number[], maxEvaluations: number): { p: number[]; value: number } {
  const dim = start.length;
  const make = (p: number[]): { p: number[]; value: number } => {
    const q = p.slice();
    project(q);
    return { p: q, value: f(q) };
  };
  const simplex = [make(start)];
  for (let d = 0; d < dim; d++) {
    const p = start.slice();
    p[d]! += steps[d]!;
    simplex.push(make(p));
  }
  let evaluations = simplex.length;
  while (evaluations < maxEvaluations) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0]!;
    const worst = simplex[dim]!;
    if (Math.abs(worst.value - best.value) <= 1e-12 + 1e-9 * Math.abs(best.value)) break;
    const centroid = new Array<number>(dim).fill(0);
    for (let s = 0; s < dim; s++) for (let d = 0; d < dim; d++) centroid[d]! += simplex[s]!.p[d]! / dim;
    const along = (t: number) => make(centroid.map((c, d) => c + t * (worst.p[d]! - c)));
    const reflected = along(-1);
    evaluations++;
    if (reflected.value < best.value) {
      const expanded = along(-2);
      evaluations++;
      simplex[dim] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < simplex[dim - 1]!.value) {
      simplex[dim] = reflected;
    } else {
      const contracted = reflected.value < worst.value ? along(-0.5) : along(0.5);
      evaluations++;
      if (contracted.value < Math.min(worst.value, reflected.value)) simplex[dim] = contracted;
      else {
        for (let s = 1; s <= dim; s++) {
          simplex[s] = make(simplex[s]!.p.map((v, d) => best.p[d]! + 0.5 * (v - best.p[d]!)));
          evaluations++;
        }
      }
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return simplex[0]!;
}

/** Contiguous runs [first, last] (sample indexes) where `values` exceeds `threshold`. */
function runsAbove(values: ArrayLike<number>, threshold: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= values.length; i++) {
    const above = i < values.length && values[i]! > threshold;
    if (above && start < 0) start = i;
    else if (!above && start >= 0) {
      runs.push([start, i - 1]);
      start = -1;
    }
  }
  return runs;
}

/** Starting shapes for one gaussian covering samples [a, b] of `target` (n samples over [0, 1]). */
function candidates(target: ArrayLike<number>, a: number, b: number): Gaussian[] {
  const n = target.length;
  const x = (i: number) => (n > 1 ? i / (n - 1) : 0);
  let peak = a;
  let height = 0;
  for (let i = a; i <= b; i++) {
    // Last maximum: a ramp that plateaus peaks where the plateau starts, but rising to the end of
    // the range peaks at the end.
    if (target[i]! >= height) {
      height = target[i]!;
      peak = i;
    }
  }
  height = Math.max(MIN_GAUSSIAN_HEIGHT, Math.min(1, height));
  // Half a sample of margin on each side: the support's edge may not leak into transparent samples.
  const lo = Math.max(0, x(a) - 0.5 / n);
  const hi = Math.min(1, x(b) + 0.5 / n);
  const out: Gaussian[] = [];
  const centre = 0.5 * (lo + hi);
  const half = Math.max(0.002, 0.5 * (hi - lo));
  const skew = Math.max(-0.9 * half, Math.min(0.9 * half, x(peak) - centre));
  for (const yBias of [0.3, 1, 1.6]) out.push({ position: centre, height, width: half, xBias: skew, yBias });
  // A ramp up to the end of the range (bone, contrast): half a bump centred on the last sample.
  if (b === n - 1 && a > 0) for (const yBias of [0.3, 1]) out.push({ position: 1, height, width: 1 - lo, xBias: 0, yBias });
  // A ramp down from the start of the range.
  if (a === 0 && b < n - 1) for (const yBias of [0.3, 1]) out.push({ position: 0, height, width: hi, xBias: 0, yBias });
  // Flat (MIP's constant opacity): a box.
  out.push({ position: centre, height, width: half, xBias: 0, yBias: 2 });
  return out;
}

/**
 * Fits up to `maxGaussians` widget gaussians to an opacity curve sampled evenly over the HU range
 * (target[0] at huRange[0], target[n-1] at huRange[1]). Each added gaussian starts on the largest
 * part of the curve the previous ones miss (one per rising ramp or bump), then all are refined
 * together by least squares that weighs opacity leaking into transparent ranges heavily.
 */
export function fitGaussians(target: ArrayLike<number>, options: FitOptions = {}): GaussianFit {
  const n = target.length;
  const maxGaussians = options.maxGaussians ?? 3;
  const tolerance = options.tolerance ?? 0.015;
  let targetMax = 0;
  for (let i = 0; i < n; i++) targetMax = Math.max(targetMax, target[i]!);
  const empty = computeOpacities([], n);
  if (n < 2 || targetMax < TRANSPARENT) return { gaussians: [], ...fitQuality(empty, target) };

  const buffer = new Float64Array(n);
  const objective = (p: number[]) => {
    buffer.fill(0);
    for (let g = 0; g < p.length; g += 5) accumulate(buffer, p[g]!, p[g + 1]!, p[g + 2]!, p[g + 3]!, p[g + 4]!);
    return weightedError(buffer, target);
  };
  let best: number[] = [];
  let bestValue = Infinity;
  let bestQuality = fitQuality(empty, target);
  let current = empty;
  for (let k = 1; k <= maxGaussians; k++) {
    // Where the curve is still missed: biggest positive residual mass.
    const residual = Float64Array.from({ length: n }, (_, i) => target[i]! - current[i]!);
    let region: [number, number] | null = null;
    let regionMass = 0;
    for (const [a, b] of runsAbove(residual, 0.01)) {
      let mass = 0;
      for (let i = a; i <= b; i++) mass += residual[i]!;
      if (mass > regionMass) {
        regionMass = mass;
        region = [a, b];
      }
    }
    if (!region) break;
    // The new gaussian's support spans the stretch of the *target* containing the missed region.
    const run = runsAbove(target, TRANSPARENT).find(([a, b]) => a <= region[0] && region[1] <= b) ?? region;
    // Every starting shape gets a short run; the most promising one is refined.
    const steps = Array.from({ length: 5 * k }, (_, d) => [0.03, 0.1, 0.03, 0.02, 0.4][d % 5]!);
    let stepBest: { p: number[]; value: number } | null = null;
    for (const start of candidates(target, run[0], run[1])) {
      const result = nelderMead(objective, [...best, ...fromGaussians([start])], steps, 60 * 5 * k);
      if (!stepBest || result.value < stepBest.value) stepBest = result;
    }
    if (stepBest) {
      stepBest = nelderMead(objective, stepBest.p, steps, 300 * k);
      stepBest = nelderMead(objective, stepBest.p, steps.map((s) => s * 0.3), 200 * k);
    }
    if (!stepBest || stepBest.value >= bestValue * 0.98) break; // another gaussian does not help
    best = stepBest.p;
    bestValue = stepBest.value;
    current = computeOpacities(toGaussians(best), n);
    bestQuality = fitQuality(current, target);
    if (bestQuality.rmse < tolerance) break;
  }
  return { gaussians: toGaussians(best), ...bestQuality };
}

function fitQuality(fit: ArrayLike<number>, target: ArrayLike<number>): { rmse: number; leak: number } {
  let sum = 0;
  let leak = 0;
  for (let i = 0; i < target.length; i++) {
    const d = fit[i]! - target[i]!;
    sum += d * d;
    if (target[i]! < TRANSPARENT) leak = Math.max(leak, fit[i]!);
  }
  return { rmse: target.length ? Math.sqrt(sum / target.length) : 0, leak };
}

// ---------------------------------------------------------------------------------------------
// Opacity range and colour maps

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
