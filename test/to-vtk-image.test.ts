import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../src/dicom/types';
import { type CtVolume, indexToWorld } from '../src/volume/ct-volume';
import { toVtkImageData, toVtkSlab } from '../src/volume/to-vtk-image';

const c = Math.cos(0.4);
const s = Math.sin(0.4);
const axes: [Vec3, Vec3, Vec3] = [
  [c, s, 0],
  [-s * 0.8, c * 0.8, 0.6],
  [s * 0.6, -c * 0.6, 0.8],
];

function obliqueVolume(slices: number): CtVolume {
  return {
    dimensions: [4, 3, slices],
    spacing: [0.7, 0.9, 2.5],
    origin: [-10, 20, 30],
    axes,
    scalars: new Int16Array(4 * 3 * slices).map((_, i) => i - 10),
  } as unknown as CtVolume;
}

describe('toVtkImageData', () => {
  it('keeps origin, spacing and an oblique LPS direction, and shares the voxels', () => {
    const volume = obliqueVolume(2);
    const scalars = volume.scalars;
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

describe('toVtkSlab', () => {
  it('places slices [start, start + count) where they lie in the volume, with their voxels', () => {
    const volume = obliqueVolume(7);
    const slab = toVtkSlab(volume, 3, 2);
    expect(slab.getDimensions()).toEqual([4, 3, 2]);
    for (const [i, j, k] of [
      [0, 0, 0],
      [3, 2, 1],
      [2, 1, 1],
    ] as const) {
      const expected = indexToWorld(volume, i, j, 3 + k);
      const actual = slab.indexToWorld([i, j, k], [0, 0, 0]);
      expected.forEach((value, axis) => expect(actual[axis]).toBeCloseTo(value, 9));
    }
    const values = slab.getPointData().getScalars().getData() as Int16Array;
    expect([...values]).toEqual([...volume.scalars.subarray(3 * 12, 5 * 12)]);
    expect(values.buffer).not.toBe(volume.scalars.buffer);
  });
});
