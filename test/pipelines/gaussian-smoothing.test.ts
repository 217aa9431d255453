import { beforeEach, describe, expect, it, vi } from 'vitest';
import { gaussianKernel, gaussianSmoothingReference } from '../reference/gaussian-smoothing';
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

describe('gaussian-smoothing pipeline', () => {
  it("reference kernel: ITK's discrete Gaussian, normalised, holding 99.9% of the mass", () => {
    const k = gaussianKernel(1.3 * 1.3);
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // e^-t I_n(t) has variance t: the truncated, renormalised kernel keeps it to ~1%
    const r = (k.length - 1) / 2;
    let variance = 0;
    for (let i = -r; i <= r; i++) variance += i * i * (k[i + r] ?? 0);
    expect(variance).toBeGreaterThan(1.3 * 1.3 * 0.98);
    expect(variance).toBeLessThan(1.3 * 1.3 * 1.02);
    expect(r).toBe(5); // 3.3 sigma ~ 4.3 voxels: the mass beyond 4 is still above 0.1%
    expect(Array.from(gaussianKernel(0))).toEqual([0, 1, 0]);
  });

  it.each([
    { componentType: 'int16', sigma: undefined },
    { componentType: 'int16', sigma: 2.5 },
    { componentType: 'int16', sigma: 0.3 },
    { componentType: 'uint8', sigma: 1.7 },
    { componentType: 'float64', sigma: 1.1 },
  ] as const)('$componentType sigma $sigma mm matches the reference (rel. error <= 1e-3)', async ({ componentType, sigma }) => {
    const range = componentType === 'uint8' ? ([0, 255] as const) : ([-1000, 1000] as const);
    const input = makeTestImage({ componentType, range, seed: 11 });
    const args = sigma === undefined ? [] : ['--sigma', String(sigma)];
    const run = await runImagePipeline('gaussian-smoothing', input, args);
    expect(run.stderr).toBe('');
    expect(run.returnValue).toBe(0);
    const out = run.output!;
    expect(out.imageType).toEqual({ dimension: 3, componentType: 'float32', pixelType: 'Scalar', components: 1 });
    expect(out.data).toBeInstanceOf(Float32Array);
    expect(out.size).toEqual(input.size);
    expect(out.spacing).toEqual(input.spacing);
    expect(out.origin).toEqual(input.origin);
    expect(directionArray(out)).toEqual(directionArray(input));

    const expected = gaussianSmoothingReference(pixels(input), size3(input), spacing3(input), sigma ?? 1);
    expect(maxRelativeError(pixels(out), expected)).toBeLessThanOrEqual(1e-3);
  });

  it('honours anisotropic spacing: smoothing is weaker along the coarse axis', async () => {
    // a single bright plane: spreads over ~sigma/spacing voxels along each axis
    const input = makeTestImage({ size: [15, 15, 15], spacing: [0.5, 1, 2], range: [0, 0] });
    const data = pixels(input) as Int16Array;
    data[7 + 15 * (7 + 15 * 7)] = 1000;
    const run = await runImagePipeline('gaussian-smoothing', input, ['--sigma', '1']);
    const out = pixels(run.output!) as Float32Array;
    const at = (x: number, y: number, z: number) => out[x + 15 * (y + 15 * z)] ?? Number.NaN;
    // one voxel away: 0.5 mm along x, 1 mm along y, 2 mm along z
    expect(at(8, 7, 7)).toBeGreaterThan(at(7, 8, 7));
    expect(at(7, 8, 7)).toBeGreaterThan(at(7, 7, 8));
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1000, 1);
  });

  it('refuses a sigma beyond 25 voxels, where ITK\'s Bessel-function kernel overflows', async () => {
    const run = await runImagePipeline('gaussian-smoothing', makeTestImage(), ['--sigma', '20']);
    expect(run.returnValue).toBe(105);
    expect(run.stderr).toMatch(/--sigma: 20 mm is 28\.6 voxels along axis 0; ITK's discrete Gaussian kernel is limited/);
    expect(run.stderr).toMatch(/limited to 25 voxels/);
  });

  it('sigma 0 returns the input as float32', async () => {
    const input = makeTestImage({ seed: 3 });
    const run = await runImagePipeline('gaussian-smoothing', input, ['--sigma', '0']);
    expect(Array.from(pixels(run.output!))).toEqual(Array.from(pixels(input)));
  });
});
