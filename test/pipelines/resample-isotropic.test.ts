import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isotropicSize, resampleIsotropicReference } from '../reference/resample-isotropic';
import {
  directionArray,
  makeTestImage,
  maxRelativeError,
  pixels,
  runImagePipeline,
  silenceModuleConsole,
  size3,
  spacing3,
} from './helpers';

beforeEach(() => {
  silenceModuleConsole();
  return () => vi.restoreAllMocks();
});

describe('resample-isotropic pipeline', () => {
  it('size formula keeps the physical extent', () => {
    expect(isotropicSize([11, 9, 7], [0.7, 1.1, 2.5], 0.7)).toEqual([11, 13, 22]);
    expect(isotropicSize([11, 9, 7], [0.7, 1.1, 2.5], 1)).toEqual([8, 9, 16]);
    // integer ratios must not lose a voxel to round-off
    expect(isotropicSize([11, 11, 11], [0.7, 0.7, 0.7], 0.7)).toEqual([11, 11, 11]);
    expect(isotropicSize([11, 11, 11], [0.3, 0.6, 0.9], 0.1)).toEqual([31, 61, 91]);
  });

  it.each([
    { componentType: 'int16', spacing: undefined },
    { componentType: 'int16', spacing: 1 },
    { componentType: 'int16', spacing: 0.45 },
    { componentType: 'int16', spacing: 3.1 },
    { componentType: 'float32', spacing: 0.9 },
  ] as const)('$componentType to spacing $spacing mm matches the reference (rel. error <= 1e-3)', async ({ componentType, spacing }) => {
    const input = makeTestImage({ componentType, seed: 13 });
    const args = spacing === undefined ? [] : ['--spacing', String(spacing)];
    const run = await runImagePipeline('resample-isotropic', input, args);
    expect(run.stderr).toBe('');
    expect(run.returnValue).toBe(0);
    const out = run.output!;
    const expected = resampleIsotropicReference(pixels(input), size3(input), spacing3(input), spacing);
    const s = spacing ?? 0.7;
    expect(out.imageType).toEqual({ dimension: 3, componentType: 'float32', pixelType: 'Scalar', components: 1 });
    expect(out.data).toBeInstanceOf(Float32Array);
    expect(out.size).toEqual(expected.size);
    expect(out.size).toEqual(isotropicSize(size3(input), spacing3(input), s));
    expect(out.spacing).toEqual([s, s, s]);
    expect(out.origin).toEqual(input.origin);
    expect(directionArray(out)).toEqual(directionArray(input));
    expect(maxRelativeError(pixels(out), expected.data)).toBeLessThanOrEqual(1e-3);
  });

  it('reproduces the input voxels that lie on the new grid', async () => {
    const input = makeTestImage({ spacing: [1, 2, 3], seed: 2 });
    const run = await runImagePipeline('resample-isotropic', input);
    const out = run.output!;
    expect(out.size).toEqual([11, 17, 19]);
    const [nx, ny] = size3(input);
    const [ox, oy] = size3(out);
    for (const [x, y, z] of [[0, 0, 0], [10, 8, 6], [3, 4, 5]] as const) {
      expect(pixels(out)[x + ox * (2 * y + oy * 3 * z)]).toBe(pixels(input)[x + nx * (y + ny * z)]);
    }
  });
});
