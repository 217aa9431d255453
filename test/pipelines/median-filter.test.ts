import { Image, ImageType } from 'itk-wasm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { medianFilterReference } from '../reference/median-filter';
import type { ScalarArray } from '../reference/volume';
import { directionArray, makeTestImage, pixels, runImagePipeline, silenceModuleConsole, size3 } from './helpers';

beforeEach(() => {
  silenceModuleConsole();
  return () => vi.restoreAllMocks();
});

describe('median-filter pipeline', () => {
  it.each([
    { componentType: 'int16', radius: undefined },
    { componentType: 'int16', radius: 0 },
    { componentType: 'int16', radius: 2 },
    { componentType: 'int16', radius: 3 },
    { componentType: 'uint8', radius: 1 },
    { componentType: 'uint8', radius: 2 },
    { componentType: 'int8', radius: 3 },
    { componentType: 'uint16', radius: 2 },
    { componentType: 'int32', radius: 2 },
    { componentType: 'float32', radius: 3 },
    { componentType: 'uint16', radius: 1 },
    { componentType: 'int32', radius: 1 },
    { componentType: 'float32', radius: 1 },
    { componentType: 'float64', radius: 2 },
  ] as const)('$componentType radius $radius equals the sort-based reference exactly', async ({ componentType, radius }) => {
    const range = componentType.startsWith('u') ? ([0, 250] as const) : componentType === 'int8' ? ([-128, 127] as const) : ([-1000, 1000] as const);
    const input = makeTestImage({ componentType, range, seed: 7 });
    const args = radius === undefined ? [] : ['--radius', String(radius)];
    const run = await runImagePipeline('median-filter', input, args);
    expect(run.stderr).toBe('');
    expect(run.returnValue).toBe(0);
    const out = run.output!;
    expect(out.imageType).toEqual(input.imageType);
    expect(out.size).toEqual(input.size);
    expect(out.spacing).toEqual(input.spacing);
    expect(out.origin).toEqual(input.origin);
    expect(directionArray(out)).toEqual(directionArray(input));
    expect(out.name).toBe(input.name);
    expect(out.metadata.get('0008|0060')).toBe('CT');

    const expected = medianFilterReference(pixels(input) as ScalarArray, size3(input), radius ?? 1);
    expect(out.data).toBeInstanceOf(expected.constructor);
    let mismatches = 0;
    for (let i = 0; i < expected.length; i++) if (pixels(out)[i] !== expected[i]) mismatches++;
    expect(mismatches).toBe(0);
    if (radius === 0) expect(Array.from(pixels(out))).toEqual(Array.from(pixels(input)));
  });

  it('handles rows of every length around the SIMD width, and 2-D images', async () => {
    for (const size of [[1, 1, 1], [3, 2, 2], [8, 3, 2], [16, 2, 3], [17, 4, 1], [33, 1, 2]]) {
      const input = makeTestImage({ componentType: 'uint8', size, range: [0, 255], seed: size[0] });
      const run = await runImagePipeline('median-filter', input);
      expect(run.returnValue).toBe(0);
      const expected = medianFilterReference(pixels(input) as Uint8Array, size3(input), 1);
      expect(Array.from(pixels(run.output!))).toEqual(Array.from(expected));
    }
  });

  it.each([1, 2])('int64 (scalar path) radius %i equals the reference', async (radius) => {
    const small = makeTestImage({ componentType: 'int32', seed: 21 });
    const input = new Image(new ImageType(3, 'int64', 'Scalar', 1));
    Object.assign(input, { size: small.size, spacing: small.spacing, origin: small.origin, direction: small.direction });
    input.data = BigInt64Array.from(pixels(small), (v) => BigInt(v));
    const run = await runImagePipeline('median-filter', input, ['--radius', String(radius)]);
    expect(run.returnValue).toBe(0);
    const out = run.output!;
    expect(out.imageType.componentType).toBe('int64');
    expect(out.data).toBeInstanceOf(BigInt64Array);
    const expected = medianFilterReference(pixels(small) as Int32Array, size3(small), radius);
    expect(Array.from(out.data as BigInt64Array, Number)).toEqual(Array.from(expected));
  });
});
