/**
 * Fitting widget gaussians to an opacity curve (a preset's, sampled over the HU range) by a bounded
 * Nelder–Mead search, so the editor opens on the curve the 3D pane renders. Pure, runs in Node tests.
 */

import { type Gaussian, MIN_GAUSSIAN_HEIGHT, accumulate, computeOpacities } from './gaussian-model';

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
function nelderMead(
  f: (p: number[]) => number,
  start: number[],
  steps: number[],
  maxEvaluations: number,
): { p: number[]; value: number } {
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
      stepBest = nelderMead(
        objective,
        stepBest.p,
        steps.map((s) => s * 0.3),
        200 * k,
      );
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
