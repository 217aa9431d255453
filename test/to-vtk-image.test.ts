import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../src/dicom/types';
import { type CtVolume, indexToWorld } from '../src/volume/ct-volume';
import { toVtkImageData } from '../src/volume/to-vtk-image';

describe('toVtkImageData', () => {
  it('keeps origin, spacing and an oblique LPS direction, and shares the voxels', () => {
    const c = Math.cos(0.4);
    const s = Math.sin(0.4);
    const axes: [Vec3, Vec3, Vec3] = [
      [c, s, 0],
      [-s * 0.8, c * 0.8, 0.6],
      [s * 0.6, -c * 0.6, 0.8],
    ];
    const scalars = new Int16Array(4 * 3 * 2).map((_, i) => i - 10);
    const volume = {
      dimensions: [4, 3, 2],
      spacing: [0.7, 0.9, 2.5],
      origin: [-10, 20, 30],
      axes,
      scalars,
    } as unknown as CtVolume;
    const image = toVtkImageData(volume);
    for (const [i, j, k] of [
      [0, 0, 0],
      [3, 2, 1],
      [1, 2, 0],
    ] as const) {
      const expected = indexToWorld(volume, i, j, k);
      const actual = image.indexToWorld([i, j, k], [0, 0, 0]);
      expected.forEach((value, axis) => expect(actual[axis]).toBeCloseTo(value, 9));
    }
    expect(image.getPointData().getScalars().getData()).toBe(scalars);
  });
});
