import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readImageNode } from '@itk-wasm/image-io';
import { describe, expect, it } from 'vitest';
import { scratchDir } from './helpers/scratch-dir';
import { sharedCt } from './helpers/shared-data';

const run = promisify(execFile);
const work = scratchDir('ct-cli-');

interface SeriesJson {
  series: Array<{
    seriesInstanceUID: string;
    seriesNumber: number | null;
    modality: string;
    description: string;
    sliceCount: number;
    isVolume: boolean;
    reason: string;
    warnings: string[];
  }>;
  skipped: Array<{ file: string; reason: string }>;
}

async function cli(...args: string[]) {
  return run('npx', ['tsx', 'src/cli/main.ts', ...args], { maxBuffer: 16 * 1024 * 1024 });
}

describe.each([
  { folder: 'philips-phantom-tilt', volumes: [201, 301], skipped: 5, ext: '.nii.gz' },
  { folder: 'ge-head-tilt', volumes: [2], skipped: 0, ext: '.nrrd' },
  { folder: 'philips-head', volumes: [201], skipped: 1, ext: '.mha' },
])('CLI on $folder', ({ folder, volumes, skipped, ext }) => {
  it('series prints the JSON contract and convert writes every volume with the app geometry', async () => {
    const { stdout } = await cli('series', sharedCt(folder));
    const report = JSON.parse(stdout) as SeriesJson;
    for (const s of report.series) {
      expect(Object.keys(s)).toEqual(
        expect.arrayContaining([
          'seriesInstanceUID',
          'seriesNumber',
          'modality',
          'description',
          'sliceCount',
          'isVolume',
          'reason',
          'warnings',
        ]),
      );
      expect(s.isVolume ? s.reason === '' : s.reason.length > 0).toBe(true);
    }
    expect(report.series.filter((s) => s.isVolume).map((s) => s.seriesNumber)).toEqual(volumes);
    expect(report.skipped).toHaveLength(skipped);

    for (const number of volumes) {
      const out = join(work, `${folder}-${number}${ext}`);
      const { stderr } = await cli('convert', sharedCt(folder), '--series', String(number), '-o', out);
      expect(stderr).toMatch(/^wrote /);
      const image = await readImageNode(out);
      const entry = report.series.find((s) => s.seriesNumber === number)!;
      expect(image.size[0]).toBe(512);
      if (entry.warnings.some((w) => w.includes('tilt'))) {
        expect(stderr).toContain('corrected');
        expect(image.size[1]).toBeGreaterThan(512);
      } else {
        expect(image.size).toEqual([512, 512, entry.sliceCount]);
      }
    }
  }, 180_000);
});

describe('CLI errors', () => {
  it('an unknown series exits non-zero and names what exists', async () => {
    const failure = await cli('convert', sharedCt('philips-head'), '--series', '999', '-o', join(work, 'x.nii')).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/no series "999"; found: 201/);
  }, 60_000);
});
