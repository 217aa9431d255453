/**
 * The gaussian model of vtk.js's PiecewiseGaussianWidget, in pure TypeScript (no DOM, no WebGL, no
 * vtk.js objects) so it runs in Node tests, and the piecewise-linear curves it is compared with.
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

/**
 * Raises `opacities` (samples over [0, 1]) to one gaussian where it is higher; see computeOpacities.
 * Exported for the fit's objective, which evaluates many candidates into one reused buffer.
 */
export function accumulate(
  opacities: Float64Array,
  position: number,
  height: number,
  width: number,
  xBias: number,
  yBias: number,
): void {
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
