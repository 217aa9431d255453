import { beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTestImage, pixels, runImagePipeline, silenceModuleConsole } from './helpers';

beforeEach(() => {
  silenceModuleConsole();
  return () => vi.restoreAllMocks();
});

const N = 24;
const at = (x: number, y: number, z: number) => x + N * (y + N * z);

/** Air, a 12^3 bone block at [4, 16) with a one-voxel hole at (10, 10, 10), a 3^3 bone blob at [19, 22) and a bone speck. */
function phantom() {
  const image = makeTestImage({ size: [N, N, N], spacing: [1, 1, 1], range: [-1000, -1000] });
  const data = pixels(image) as Int16Array;
  const box = (lo: number, hi: number) => {
    for (let z = lo; z < hi; z++) for (let y = lo; y < hi; y++) for (let x = lo; x < hi; x++) data[at(x, y, z)] = 1000;
  };
  box(4, 16);
  box(19, 22);
  data[at(10, 10, 10)] = -1000;
  data[at(1, 20, 2)] = 1000;
  return image;
}

describe('tissue-mask pipeline (threshold, ITK binary closing / opening, largest component)', () => {
  it('fills the hole, drops the speck and keeps only the largest component', async () => {
    const run = await runImagePipeline('tissue-mask', phantom(), ['--lower', '300', '--upper', '3071', '--radius', '1']);
    expect(run.stderr).toBe('');
    expect(run.returnValue).toBe(0);
    const mask = pixels(run.output!);
    expect(run.output!.imageType.componentType).toBe('uint8');
    expect(mask[at(10, 10, 10)]).toBe(1); // closed
    expect(mask[at(1, 20, 2)]).toBe(0); // opened away
    expect(mask[at(20, 20, 20)]).toBe(0); // a smaller component
    expect(mask[at(8, 12, 5)]).toBe(1);
    for (let i = 0; i < mask.length; i++) {
      const [x, y, z] = [i % N, Math.floor(i / N) % N, Math.floor(i / (N * N))];
      if (mask[i]) expect(Math.min(x, y, z) >= 4 && Math.max(x, y, z) < 16).toBe(true);
    }
  });

  it('with --all-components the smaller blob stays', async () => {
    const run = await runImagePipeline('tissue-mask', phantom(), ['--radius', '1', '--all-components']);
    expect(pixels(run.output!)[at(20, 20, 20)]).toBe(1);
  });

  it('radius 0 and all components: exactly the threshold [lower, upper]', async () => {
    const input = makeTestImage({ seed: 8 });
    const args = ['--lower', '-100.5', '--upper', '250', '--radius', '0', '--all-components'];
    const run = await runImagePipeline('tissue-mask', input, args);
    expect(Array.from(pixels(run.output!))).toEqual(Array.from(pixels(input), (v) => (v >= -100.5 && v <= 250 ? 1 : 0)));
  });
});
