/**
 * Issue 16, item 4 (in part): Deflated Explicit VR Little Endian. philips-head with every file's data
 * set deflated in memory (fflate) loads as the original series, voxel for voxel, its modality LUT
 * verified against the inflated stored values, in Node and through the CLI.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { indexSources } from '../src/dicom/index-study';
import { selectSeries } from '../src/dicom/select-series';
import { sourcesFromPath } from '../src/sources/node-files';
import { buildVolume } from '../src/volume/build-volume';
import { nodeSliceReader } from '../src/volume/node-slice-reader';
import { voxelDigest } from '../src/volume/voxel-digest';
import { withDeflatedDataSet } from './helpers/edit-dicom';
import { scratchDir } from './helpers/scratch-dir';
import { sharedCt } from './helpers/shared-data';

const work = scratchDir('ct-deflate-');

async function build(dir: string) {
  const sources = await sourcesFromPath(dir);
  const index = await indexSources(sources);
  const volume = await buildVolume(selectSeries(index, '201'), new Map(sources.map((s) => [s.name, s])), nodeSliceReader);
  return { index, volume };
}

describe('Deflated Explicit VR Little Endian', () => {
  it('loads as the original series, voxel for voxel, the LUT verified, in Node and the CLI', async () => {
    const head = sharedCt('philips-head');
    const dir = join(work, 'deflated');
    mkdirSync(dir);
    for (const name of readdirSync(head).filter((n) => /^I\d+$/.test(n))) {
      writeFileSync(join(dir, name), withDeflatedDataSet(new Uint8Array(readFileSync(join(head, name)))));
    }
    const deflated = await build(dir);
    expect(deflated.index.skipped).toEqual([]);
    expect(deflated.volume.modalityLut).toMatch(/verified against stored values of I\d+/);
    expect(voxelDigest(deflated.volume)).toEqual(voxelDigest((await build(head)).volume));

    const { stdout } = await promisify(execFile)('npx', ['tsx', 'src/cli/main.ts', 'series', dir]);
    const report = JSON.parse(stdout) as { series: Array<{ seriesNumber: number; sliceCount: number; isVolume: boolean }> };
    expect(report.series.find((s) => s.seriesNumber === 201)).toMatchObject({ sliceCount: 28, isVolume: true });
  }, 120_000);
});
