import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import vtkColorMaps from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction/ColorMaps';
// @ts-expect-error vtk.js ships no type declarations for this widget.
import vtkPiecewiseGaussianWidget from '@kitware/vtk.js/Interaction/Widgets/PiecewiseGaussianWidget';
import { describe, expect, it } from 'vitest';
import { opacityHuRange, rescaleRgbPoints, widenRange } from '../src/views/transfer-function/colour-maps';
import { fitGaussians } from '../src/views/transfer-function/gaussian-fit';
import { type Gaussian, computeOpacities, samplePiecewiseLinear } from '../src/views/transfer-function/gaussian-model';
import { chooseStride, huHistogram, logScaledHistogram } from '../src/views/transfer-function/histogram';
import { VOLUME_PRESETS } from '../src/views/volume-presets';

const widgetComputeOpacities = (vtkPiecewiseGaussianWidget as { computeOpacities: (g: Gaussian[], n: number) => number[] })
  .computeOpacities;

function sampleVtk(points: ReadonlyArray<readonly [number, number]>, range: [number, number], n: number): number[] {
  const f = vtkPiecewiseFunction.newInstance();
  for (const [x, y] of points) f.addPoint(x, y);
  const table: number[] = [];
  f.getTable(range[0], range[1], n, table);
  return table;
}

describe('computeOpacities', () => {
  it('draws exactly what vtk.js PiecewiseGaussianWidget draws', () => {
    const sets: Gaussian[][] = [
      [{ position: 0.5, height: 1, width: 0.2, xBias: 0.1, yBias: 0.5 }],
      [
        { position: 0.2, height: 0.4, width: 0.15, xBias: -0.05, yBias: 1.5 },
        { position: 0.7, height: 0.9, width: 0.3, xBias: 0.2, yBias: 0 },
        { position: 1, height: 0.6, width: 0.6, xBias: 0, yBias: 2 },
      ],
      [{ position: 0.3, height: 0.7, width: 0.0005, xBias: 0, yBias: 1 }],
      [{ position: 0, height: 0.3, width: 0.4, xBias: 0.39, yBias: 0.2 }],
    ];
    for (const gaussians of sets) {
      for (const n of [2, 11, 256, 512]) {
        const ours = Array.from(computeOpacities(gaussians, n));
        const theirs = widgetComputeOpacities(gaussians, n);
        expect(ours).toHaveLength(theirs.length);
        ours.forEach((v, i) => expect(v).toBeCloseTo(theirs[i]!, 12));
      }
    }
  });
});

describe('samplePiecewiseLinear', () => {
  it('matches vtkPiecewiseFunction.getTable with clamping', () => {
    for (const preset of Object.values(VOLUME_PRESETS)) {
      for (const range of [
        [-1024, 3071],
        [-3024, 1200],
        [0, 100],
      ] as Array<[number, number]>) {
        const ours = samplePiecewiseLinear(preset.opacity, range, 300);
        const theirs = sampleVtk(preset.opacity, range, 300);
        ours.forEach((v, i) => expect(v).toBeCloseTo(theirs[i]!, 9));
      }
    }
  });
});

describe('histogram', () => {
  it('counts every voxel into the right bin when the volume is small', () => {
    const scalars = Int16Array.from([-1000, -1000, 0, 40, 1000, 3071, -2000, 5000]);
    const h = huHistogram(scalars, [-1000, 3000], { bins: 4 });
    expect(h.stride).toBe(1);
    expect(h.samples).toBe(8);
    // bins of 1000 HU: [-1000,0) [0,1000) [1000,2000) [2000,3000]; outliers clamp to the ends.
    expect(Array.from(h.counts)).toEqual([3, 2, 1, 2]);
  });

  it('skips NaN and handles a flat range', () => {
    const h = huHistogram(Float32Array.from([5, NaN, 5, 5]), [5, 5], { bins: 8 });
    expect(h.samples).toBe(3);
    expect(h.counts[0]).toBe(3);
  });

  it('subsamples large volumes with a stride that does not alias with rows or slices', () => {
    const dims: [number, number, number] = [512, 512, 300];
    const length = dims[0] * dims[1] * dims[2];
    const stride = chooseStride(length, 1 << 20, [dims[0], dims[0] * dims[1]]);
    expect(Math.ceil(length / stride)).toBeLessThanOrEqual(1 << 20);
    expect(stride % 2).toBe(1);
    // Every column of a row is reached, not just a few.
    const columns = new Set<number>();
    for (let i = 0; i < length; i += stride) columns.add(i % dims[0]);
    expect(columns.size).toBe(dims[0]);
    expect(chooseStride(1000, 1 << 20)).toBe(1);
  });

  it('reads a large buffer in place and keeps the shape of the distribution', () => {
    const dims: [number, number, number] = [256, 256, 64];
    const scalars = new Int16Array(dims[0] * dims[1] * dims[2]);
    // Left half air, right half water: a naive power-of-two stride would see only one of them.
    for (let i = 0; i < scalars.length; i++) scalars[i] = i % dims[0] < 128 ? -1000 : 0;
    const h = huHistogram(scalars, [-1024, 3071], { bins: 256, maxSamples: 50_000, dimensions: dims });
    expect(h.samples).toBeLessThanOrEqual(50_000);
    const air = h.counts[Math.floor((24 / 4095) * 256)]!;
    const water = h.counts[Math.floor((1024 / 4095) * 256)]!;
    expect(air + water).toBe(h.samples);
    expect(Math.abs(air - water) / h.samples).toBeLessThan(0.02);
  });

  it('log-scales counts to [0, 1]', () => {
    const scaled = logScaledHistogram([0, 1, 10, 1_000_000]);
    expect(scaled[0]).toBe(0);
    expect(scaled[3]).toBeCloseTo(1, 6);
    expect(scaled[1]!).toBeGreaterThan(0);
    expect(scaled[2]!).toBeGreaterThan(scaled[1]!);
    // The tissue bin stays visible next to a huge air peak.
    expect(scaled[2]!).toBeGreaterThan(0.15);
    expect(Array.from(logScaledHistogram([0, 0]))).toEqual([0, 0]);
  });
});

describe('fitGaussians', () => {
  const ranges: Array<[number, number]> = [
    [-1024, 3071],
    [-3024, 3071],
    [-1000, 1500],
  ];
  const composite = Object.entries(VOLUME_PRESETS).filter(([, p]) => p.blend === 'composite');

  for (const [name, preset] of composite) {
    it(`approximates the ${name} preset with at most 3 editable gaussians`, () => {
      for (const range of ranges) {
        const target = samplePiecewiseLinear(preset.opacity, range, 256);
        const fit = fitGaussians(target);
        expect(fit.gaussians.length).toBeGreaterThanOrEqual(1);
        expect(fit.gaussians.length).toBeLessThanOrEqual(3);
        // Within ~1.5 % opacity RMS, and never fogging a range the preset leaves transparent.
        expect(fit.rmse).toBeLessThan(0.015);
        expect(fit.leak).toBeLessThan(0.01);
        // What the widget will actually draw at its own resolution matches too.
        const drawn = computeOpacities(fit.gaussians, 512);
        const wanted = samplePiecewiseLinear(preset.opacity, range, 512);
        let worst = 0;
        drawn.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - wanted[i]!))));
        expect(worst).toBeLessThan(0.1);
        for (const g of fit.gaussians) {
          expect(g.position).toBeGreaterThanOrEqual(0);
          expect(g.position).toBeLessThanOrEqual(1);
          expect(g.height).toBeGreaterThanOrEqual(0.05);
          expect(g.height).toBeLessThanOrEqual(1);
          expect(g.width).toBeGreaterThanOrEqual(0.001);
          expect(Math.abs(g.xBias)).toBeLessThan(g.width);
          expect(g.yBias).toBeGreaterThanOrEqual(0);
          expect(g.yBias).toBeLessThanOrEqual(2);
        }
      }
    });
  }

  it('puts the lung bump where the preset has it', () => {
    const range: [number, number] = [-1024, 3071];
    const fit = fitGaussians(samplePiecewiseLinear(VOLUME_PRESETS.lung.opacity, range, 256));
    expect(fit.gaussians).toHaveLength(1);
    const g = fit.gaussians[0]!;
    const peakHu = range[0] + (g.position + g.xBias) * (range[1] - range[0]);
    expect(Math.abs(peakHu - -850)).toBeLessThan(60);
    expect(g.height).toBeCloseTo(0.12, 1);
  });

  it('fits a constant curve (MIP) exactly with one flat-topped gaussian', () => {
    const fit = fitGaussians(new Float64Array(256).fill(1));
    expect(fit.gaussians).toHaveLength(1);
    expect(fit.rmse).toBeLessThan(1e-6);
  });

  it('returns no gaussian for a transparent curve', () => {
    expect(fitGaussians(new Float64Array(256)).gaussians).toEqual([]);
  });

  it('gives one gaussian per separate bump', () => {
    const points: Array<[number, number]> = [
      [0, 0],
      [200, 0],
      [300, 0.5],
      [400, 0],
      [600, 0],
      [700, 0.8],
      [800, 0],
    ];
    const fit = fitGaussians(samplePiecewiseLinear(points, [0, 1000], 256));
    expect(fit.gaussians).toHaveLength(2);
    const centres = fit.gaussians.map((g) => (g.position + g.xBias) * 1000).sort((a, b) => a - b);
    expect(Math.abs(centres[0]! - 300)).toBeLessThan(40);
    expect(Math.abs(centres[1]! - 700)).toBeLessThan(40);
    expect(fit.leak).toBeLessThan(0.01);
  });
});

describe('colour maps', () => {
  it('finds the HU span that has opacity', () => {
    const opacities = [0, 0, 0.2, 0.5, 0.005, 0];
    expect(opacityHuRange(opacities, [0, 500])).toEqual([200, 300]);
    expect(opacityHuRange([0, 0], [0, 1])).toBeNull();
  });

  it('moves a vtk.js preset onto an HU span, colours untouched', () => {
    for (const name of ['Cool to Warm', 'erdc_rainbow_bright', 'Inferno (matplotlib)', 'Grayscale']) {
      const preset = vtkColorMaps.getPresetByName(name);
      expect(preset, name).toBeTruthy();
      const points = rescaleRgbPoints(preset.RGBPoints, 150, 1650);
      expect(points).toHaveLength(preset.RGBPoints.length);
      expect(points[0]).toBeCloseTo(150, 9);
      expect(points[points.length - 4]).toBeCloseTo(1650, 9);
      for (let i = 0; i < points.length; i += 4) {
        expect(points.slice(i + 1, i + 4)).toEqual(preset.RGBPoints.slice(i + 1, i + 4));
        if (i > 0) expect(points[i]!).toBeGreaterThanOrEqual(points[i - 4]!);
      }
    }
    // erdc maps span [-1, 1]: the midpoint lands mid-range.
    const erdc = rescaleRgbPoints([-1, 0, 0, 0, 0, 0.5, 0.5, 0.5, 1, 1, 1, 1], 0, 100);
    expect(erdc[4]).toBeCloseTo(50, 9);
    expect(rescaleRgbPoints([], 0, 1)).toEqual([]);
  });

  it('never returns an empty span', () => {
    expect(widenRange(null, [-1000, 3000])).toEqual([-1000, 3000]);
    expect(widenRange([100, 100], [-1000, 3000])).toEqual([90, 110]);
    expect(widenRange([100, 400], [-1000, 3000])).toEqual([100, 400]);
  });
});
