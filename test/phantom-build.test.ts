import { describe, expect, it } from 'vitest';
import { median } from '../src/dicom/geometry';
import type { Vec3 } from '../src/dicom/types';
import { phantomHU } from '../src/phantom/phantom-model';
import { type CtVolume, indexToWorld } from '../src/volume/ct-volume';
import { sampleWorld } from '../src/volume/world-interpolation';
import { buildPhantom } from './helpers/phantom-folder';

const SMALL = { rows: 96, columns: 96, slices: 40 } as const;

/** Every voxel centre against the analytic model: the number of voxels whose HU differs. */
function countWrongVoxels(volume: CtVolume): number {
  const [nx, ny, nz] = volume.dimensions;
  let wrong = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        if (volume.scalars[i + nx * (j + ny * k)] !== phantomHU(indexToWorld(volume, i, j, k))) wrong++;
      }
    }
  }
  return wrong;
}

function expectVec(actual: readonly number[], expected: readonly number[], digits = 6) {
  expected.forEach((value, index) => expect(actual[index]).toBeCloseTo(value, digits));
}

describe('building generated phantoms (ground truth known exactly)', () => {
  it.each([
    ['file order shuffled', { shuffle: true }],
    ['stored in reverse order', { reverse: true }],
    ['reversed and shuffled', { reverse: true, shuffle: true }],
  ])(
    '%s: exact geometry and every voxel exact',
    async (_, options) => {
      const { phantom, volume, series } = await buildPhantom({ ...SMALL, ...options });
      expect(series.warnings).toEqual([]);
      expect(volume.corrections).toEqual([]);
      expect(volume.dimensions).toEqual([96, 96, 40]);
      expectVec(volume.spacing, [1.6, 1.6, 2.5]);
      // Slice 0 is the lowest along the normal, whatever the file or instance order.
      const lowest = [...phantom.geometry.positions].sort((a, b) => a[2] - b[2])[0]!;
      expectVec(volume.origin, lowest);
      expectVec(volume.axes.flat(), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
      expect(countWrongVoxels(volume)).toBe(0);
    },
    60_000,
  );

  it('oblique acquisition: axes follow ImageOrientationPatient and every voxel is exact', async () => {
    const { phantom, volume } = await buildPhantom({ ...SMALL, obliqueDeg: [20, -15, 30], shuffle: true });
    expectVec(volume.axes[0], phantom.geometry.rowDir);
    expectVec(volume.axes[1], phantom.geometry.colDir);
    expectVec(volume.axes[2], phantom.geometry.normal);
    expect(countWrongVoxels(volume)).toBe(0);
  }, 60_000);

  it('slope 0.5 / intercept −1000.5: float HU, applied exactly once', async () => {
    const { volume } = await buildPhantom({ ...SMALL, rescaleSlope: 0.5, rescaleIntercept: -1000.5 });
    expect(volume.scalars).toBeInstanceOf(Float32Array);
    expect(volume.modalityLut).toMatch(/stored × 0\.5 \+ -1000\.5.*verified/);
    expect(countWrongVoxels(volume)).toBe(0);
  }, 60_000);

  it('unsigned storage with intercept −1024 gives the same HU', async () => {
    const { volume } = await buildPhantom({ ...SMALL, unsigned: true, rescaleIntercept: -1024 });
    expect(volume.scalars).toBeInstanceOf(Int16Array);
    expect(countWrongVoxels(volume)).toBe(0);
  }, 60_000);

  it('MONOCHROME1 keeps HU (inversion is a display matter) and is reported', async () => {
    const { volume } = await buildPhantom({ ...SMALL, monochrome1: true });
    expect(volume.photometricInterpretation).toBe('MONOCHROME1');
    expect(countWrongVoxels(volume)).toBe(0);
  }, 60_000);

  it('a missing slice is named and interpolated on the regular grid; the others stay exact', async () => {
    const { volume, series, phantom } = await buildPhantom({ ...SMALL, missingSlice: 17, shuffle: true });
    expect(series.warnings.join('; ')).toMatch(/missing slice: gap of 5\.0 mm .*expected 2\.5 mm/);
    expect(volume.dimensions).toEqual([96, 96, 40]);
    expectVec(volume.spacing, [1.6, 1.6, 2.5]);
    // Present slices are on the grid and exact.
    const [nx, ny] = volume.dimensions;
    for (const k of [0, 16, 18, 39]) {
      for (let j = 0; j < ny; j += 5) {
        for (let i = 0; i < nx; i += 5) {
          expect(volume.scalars[i + nx * (j + ny * k)]).toBe(phantomHU(indexToWorld(volume, i, j, k)));
        }
      }
    }
    expect(phantom.geometry.positions).toHaveLength(39);
  }, 60_000);

  it('variable spacing is reported and resampled to the smallest gap', async () => {
    const gaps = [...Array(20).fill(2), ...Array(19).fill(3.5)] as number[];
    const { volume, series } = await buildPhantom({ ...SMALL, sliceSpacing: gaps });
    expect(series.warnings.join('; ')).toContain('slice spacing varies 2.0–3.5 mm');
    expect(volume.corrections.join('; ')).toContain('spacing 2.0–3.5 mm resampled to 2.0 mm');
    expect(volume.spacing[2]).toBeCloseTo(2, 6);
    expect(volume.dimensions[2]).toBe(Math.floor((20 * 2 + 19 * 3.5) / 2) + 1);
  }, 60_000);

  it('gantry tilt is reported, corrected, and the volume matches the model in world space', async () => {
    const { volume, series } = await buildPhantom({ ...SMALL, tiltDeg: 20 });
    expect(series.warnings.join('; ')).toContain('gantry tilt 20.0°');
    expect(volume.corrections.join('; ')).toContain('gantry tilt 20.0° corrected');
    // Sample the built volume where the model is not at an edge: the error is interpolation only.
    const errors: number[] = [];
    for (let z = -40; z <= 40; z += 7) {
      for (let y = -50; y <= 50; y += 4) {
        for (let x = -60; x <= 60; x += 4) {
          const p: Vec3 = [x, y, z];
          const value = sampleWorld(volume, p);
          if (value !== null) errors.push(Math.abs(value - phantomHU(p)));
        }
      }
    }
    expect(errors.length).toBeGreaterThan(3000);
    expect(median(errors)).toBe(0);
    // Edges blur by interpolation only; a wrong placement would make a large share of points wrong.
    expect(errors.filter((e) => e > 100).length / errors.length).toBeLessThan(0.06);
  }, 60_000);
});
