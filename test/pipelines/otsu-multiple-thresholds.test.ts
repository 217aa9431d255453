import { beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTestImage, pixels, random, runImagePipeline, silenceModuleConsole } from './helpers';

beforeEach(() => {
  silenceModuleConsole();
  return () => vi.restoreAllMocks();
});

describe('otsu-multiple-thresholds pipeline (itk::OtsuMultipleThresholdsImageFilter)', () => {
  it('splits air, soft tissue and bone into labels 0, 1 and 2', async () => {
    const input = makeTestImage({ size: [20, 20, 10], range: [0, 0] });
    const data = pixels(input) as Int16Array;
    const next = random(3);
    const classes = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) {
      classes[i] = Math.floor(next() * 3);
      data[i] = [-1000, 40, 1000][classes[i]!]! + Math.round(100 * (next() - 0.5));
    }
    const run = await runImagePipeline('otsu-multiple-thresholds', input, ['--thresholds', '2']);
    expect(run.stderr).toBe('');
    expect(run.returnValue).toBe(0);
    expect(run.output!.imageType.componentType).toBe('uint8');
    expect(Array.from(pixels(run.output!))).toEqual(Array.from(classes));
    const thresholds = run.stdout.match(/thresholds: (\S+) (\S+)/)!.slice(1).map(Number);
    expect(thresholds[0]).toBeGreaterThan(-950);
    expect(thresholds[0]).toBeLessThan(-10);
    expect(thresholds[1]).toBeGreaterThan(90);
    expect(thresholds[1]).toBeLessThan(950);
  });

  it.each([
    { args: ['--thresholds', '0'], text: /--thresholds: 0 is outside \[1, 4\]/ },
    { args: ['--thresholds', '3', '--bins', '512'], text: /--bins: 512 is outside/ },
  ])('rejects $args', async ({ args, text }) => {
    const run = await runImagePipeline('otsu-multiple-thresholds', makeTestImage(), args);
    expect(run.returnValue).toBe(105);
    expect(run.stderr).toMatch(text);
  });
});
