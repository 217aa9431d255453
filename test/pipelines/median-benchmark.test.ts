/**
 * Timing of median-filter (radius 1) on a CT-sized volume, 512 x 512 x 140
 * int16, in Node. Opt-in (slow, machine dependent):
 *
 *   PIPELINES_BENCH=1 npx vitest run test/pipelines/median-benchmark.test.ts
 */
import { Image, ImageType } from 'itk-wasm';
import { describe, expect, it, vi } from 'vitest';
import { random, runImagePipeline } from './helpers';

describe.runIf(process.env.PIPELINES_BENCH === '1')('median-filter benchmark', () => {
  it('512 x 512 x 140 int16, radius 1', { timeout: 600_000 }, async () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const [nx, ny, nz] = [512, 512, 140];
    const data = new Int16Array(nx * ny * nz);
    const next = random(42);
    for (let i = 0; i < data.length; i++) data[i] = Math.round(-1000 + 2000 * next());
    const image = new Image(new ImageType(3, 'int16', 'Scalar', 1));
    image.size = [nx, ny, nz];
    image.spacing = [0.7, 0.7, 2.5];
    image.origin = [0, 0, 0];
    image.data = data;
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      const result = await runImagePipeline('median-filter', image, ['--radius', '1']);
      times.push((performance.now() - t0) / 1000);
      expect(result.returnValue).toBe(0);
    }
    console.info(`median-filter radius 1, 512x512x140 int16, runPipelineNode wall time: ${times.map((t) => `${t.toFixed(2)} s`).join(', ')}`);
    vi.restoreAllMocks();
  });
});
