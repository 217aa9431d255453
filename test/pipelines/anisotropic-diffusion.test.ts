import { beforeEach, describe, expect, it, vi } from 'vitest';
import { directionArray, makeTestImage, pixels, random, runImagePipeline, silenceModuleConsole } from './helpers';

beforeEach(() => {
  silenceModuleConsole();
  return () => vi.restoreAllMocks();
});

/** 24 x 16 x 8, -500 HU for x < 12 and +500 HU beyond, plus uniform noise of +-100 HU. */
function noisyStep() {
  const image = makeTestImage({ size: [24, 16, 8], spacing: [0.8, 0.8, 2], range: [0, 0] });
  const data = pixels(image) as Int16Array;
  const next = random(9);
  for (let i = 0; i < data.length; i++) data[i] = (i % 24 < 12 ? -500 : 500) + Math.round(200 * (next() - 0.5));
  return image;
}

function spread(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

describe('anisotropic-diffusion pipeline (itk::GradientAnisotropicDiffusionImageFilter)', () => {
  it('smooths the noise of flat regions and keeps the edge between them', async () => {
    const input = noisyStep();
    const run = await runImagePipeline('anisotropic-diffusion', input, ['--iterations', '10', '--conductance', '1']);
    expect(run.stderr).toBe('');
    expect(run.returnValue).toBe(0);
    const out = run.output!;
    expect(out.imageType.componentType).toBe('float32');
    expect(out.size).toEqual(input.size);
    expect(out.origin).toEqual(input.origin);
    expect(directionArray(out)).toEqual(directionArray(input));
    const column = (data: ArrayLike<number>, x: number) =>
      Array.from({ length: 16 * 8 }, (_, r) => data[x + 24 * r] ?? Number.NaN);
    const before = column(pixels(input), 5);
    const after = column(pixels(out), 5);
    expect(spread(after)).toBeLessThan(0.5 * spread(before));
    // the voxels on either side of the edge stay far apart
    const left = column(pixels(out), 11);
    const right = column(pixels(out), 12);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(right) - mean(left)).toBeGreaterThan(700);
  });

  it('0 iterations return the input as float32', async () => {
    const input = makeTestImage({ seed: 4 });
    const run = await runImagePipeline('anisotropic-diffusion', input, ['--iterations', '0']);
    expect(run.returnValue).toBe(0);
    expect(Array.from(pixels(run.output!))).toEqual(Array.from(pixels(input)));
  });

  it('refuses a time step beyond the stable bound min(spacing) / 16', async () => {
    const run = await runImagePipeline('anisotropic-diffusion', makeTestImage(), ['--time-step', '0.05']);
    expect(run.returnValue).toBe(105);
    expect(run.stderr).toMatch(/--time-step: 0.05 is outside \(0, 0.04375\]/);
  });
});
