import { beforeEach, describe, expect, it, vi } from 'vitest';
import { connectedThresholdReference } from '../reference/connected-threshold';
import { directionArray, makeTestImage, pixels, runImagePipeline, silenceModuleConsole, size3 } from './helpers';

beforeEach(() => {
  silenceModuleConsole();
  return () => vi.restoreAllMocks();
});

describe('connected-threshold pipeline', () => {
  it.each([
    { componentType: 'int16', seed: [5, 4, 3], lower: -200, upper: 600 },
    { componentType: 'int16', seed: [0, 0, 0], lower: -1000, upper: 1000 },
    { componentType: 'int16', seed: [9, 7, 5], lower: -600.5, upper: 400.25 },
    { componentType: 'float32', seed: [3, 7, 1], lower: -350, upper: 700 },
    { componentType: 'uint16', seed: [2, 2, 2], lower: 0, upper: 130 },
  ] as const)('$componentType seed $seed in [$lower, $upper] equals the reference exactly', async ({ componentType, seed, lower, upper }) => {
    const range = componentType === 'uint16' ? ([0, 250] as const) : ([-1000, 1000] as const);
    const input = makeTestImage({ componentType, range, seed: 5 });
    // make sure the seed itself is inside the window
    const [nx, ny] = size3(input);
    pixels(input)[seed[0] + nx * (seed[1] + ny * seed[2])] = Math.ceil(lower + 1);
    const run = await runImagePipeline('connected-threshold', input, [
      '--seed',
      seed.join(','),
      '--lower',
      String(lower),
      '--upper',
      String(upper),
    ]);
    expect(run.stderr).toBe('');
    expect(run.returnValue).toBe(0);
    const out = run.output!;
    expect(out.imageType).toEqual({ dimension: 3, componentType: 'uint8', pixelType: 'Scalar', components: 1 });
    expect(out.size).toEqual(input.size);
    expect(out.spacing).toEqual(input.spacing);
    expect(out.origin).toEqual(input.origin);
    expect(directionArray(out)).toEqual(directionArray(input));

    const expected = connectedThresholdReference(pixels(input), size3(input), seed, lower, upper);
    expect(Array.from(pixels(out))).toEqual(Array.from(expected));
    const count = expected.reduce((a, b) => a + b, 0);
    expect(count).toBeGreaterThan(1);
    // not everything in the window is connected (random data), except the full window
    if (lower > -1000) expect(count).toBeLessThan(expected.length);
  });

  it('accepts the seed as three separate values', async () => {
    const input = makeTestImage({ seed: 5 });
    const a = await runImagePipeline('connected-threshold', input, ['--seed', '5', '4', '3', '--lower', '-1000', '--upper', '1000']);
    expect(a.returnValue).toBe(0);
    expect(Array.from(pixels(a.output!)).every((v) => v === 1)).toBe(true);
  });

  it('gives an all-zero mask when the seed value is outside [lower, upper]', async () => {
    const input = makeTestImage({ seed: 5 });
    pixels(input)[0] = -1000;
    const run = await runImagePipeline('connected-threshold', input, ['--seed', '0,0,0', '--lower', '0', '--upper', '100']);
    expect(run.returnValue).toBe(0);
    expect(Array.from(pixels(run.output!)).every((v) => v === 0)).toBe(true);
  });
});
