import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../src/dicom/types';
import { type CtVolume, indexToWorld } from '../src/volume/ct-volume';
import { displayFactor, downsampleSlices, reducedVolume } from '../src/volume/display-downsample';

describe('GPU copy of volumes too large for a texture', () => {
  const limits = { bytesPerVoxel: 4, max3dSize: 2048, maxBytes: 1024 ** 3 };

  it('keeps full resolution when it fits and halves in-plane when it does not', () => {
    expect(displayFactor([512, 512, 140], 4, limits)).toBe(1);
    expect(displayFactor([512, 512, 2000], 2, limits)).toBe(1);
    expect(displayFactor([512, 512, 2000], 4, limits)).toBe(2);
    expect(displayFactor([4096, 512, 10], 2, limits)).toBe(2);
  });

  it('averages blocks and puts each block at its centre in world space', () => {
    const axes: [Vec3, Vec3, Vec3] = [
      [0, 1, 0],
      [-1, 0, 0],
      [0, 0, 1],
    ];
    const values = new Int16Array(4 * 3 * 2).map((_, i) => i * 2);
    const volume = {
      dimensions: [4, 3, 2],
      spacing: [0.5, 0.8, 2],
      origin: [10, 20, 30],
      axes,
      scalars: values,
    } as unknown as CtVolume;
    const reduced = downsampleSlices(values, 4, 3, 2, 2);
    expect(Array.from(reduced)).toEqual([
      (0 + 2 + 8 + 10) / 4,
      (4 + 6 + 12 + 14) / 4,
      (16 + 18) / 2,
      (20 + 22) / 2,
      (24 + 26 + 32 + 34) / 4,
      (28 + 30 + 36 + 38) / 4,
      (40 + 42) / 2,
      (44 + 46) / 2,
    ]);
    const small = reducedVolume(volume, reduced, 2);
    expect(small.dimensions).toEqual([2, 2, 2]);
    // Block (0,0) is centred between full voxels (0,0) and (1,1).
    const expected = indexToWorld(volume, 0.5, 0.5, 1);
    indexToWorld(small, 0, 0, 1).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 9));
  });

  it('writes into a given place of a reduced stack, leaving the rest of it alone', () => {
    const values = new Int16Array(4 * 3 * 2).map((_, i) => i * 2 - 20);
    const stack = new Int16Array(2 * 2 * 5).fill(7);
    const place = stack.subarray(2 * 2 * 2, 2 * 2 * 4);
    expect(downsampleSlices(values, 4, 3, 2, 2, place)).toBe(place);
    expect(Array.from(place)).toEqual(Array.from(downsampleSlices(values, 4, 3, 2, 2)));
    expect(Array.from(stack.subarray(0, 8))).toEqual(new Array(8).fill(7));
    expect(Array.from(stack.subarray(16))).toEqual(new Array(4).fill(7));
    expect(() => downsampleSlices(values, 4, 3, 2, 2, new Int16Array(7))).toThrow(/8 values/);
    expect(() => downsampleSlices(values, 4, 3, 2, 2, new Float32Array(8))).toThrow(/type/);
  });
});
