/**
 * Issue 16, item 4 (in part): a reader is told when values went through lossy compression, by the
 * transfer syntax or by (0028,2110) / (0028,2112) / (0028,2114), with the series, the volume and the
 * CLI JSON. Files are philips-head slices edited in memory.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { indexSources } from '../src/dicom/index-study';
import { describeLossyCompression } from '../src/dicom/lossy-compression';
import { selectSeries } from '../src/dicom/select-series';
import { sourcesFromPath } from '../src/sources/node-files';
import { buildVolume } from '../src/volume/build-volume';
import { nodeSliceReader } from '../src/volume/node-slice-reader';
import { withElements } from './helpers/edit-dicom';
import { scratchDir } from './helpers/scratch-dir';
import { sharedCt } from './helpers/shared-data';

const NATIVE = '1.2.840.10008.1.2.1';
const work = scratchDir('ct-lossy-');
const ascii = (text: string) => new TextEncoder().encode(text);

describe('lossy compression in words', () => {
  it.each([
    [{ transferSyntaxUID: '1.2.840.10008.1.2.4.50', lossyImageCompression: '', ratios: [], methods: [] }, 'JPEG Baseline'],
    [{ transferSyntaxUID: NATIVE, lossyImageCompression: '01', ratios: [10], methods: ['ISO_10918_1'] }, 'JPEG, ratio 10:1'],
    [
      { transferSyntaxUID: '1.2.840.10008.1.2.4.91', lossyImageCompression: '', ratios: [], methods: [] },
      'JPEG 2000 (possibly: the header does not say whether it is lossless)',
    ],
    [{ transferSyntaxUID: '1.2.840.10008.1.2.4.91', lossyImageCompression: '00', ratios: [], methods: [] }, null],
    [{ transferSyntaxUID: '1.2.840.10008.1.2.4.70', lossyImageCompression: '', ratios: [], methods: [] }, null],
    [{ transferSyntaxUID: NATIVE, lossyImageCompression: '', ratios: [], methods: [] }, null],
  ])('%j → %s', (tags, words) => {
    expect(describeLossyCompression(tags)).toBe(words);
  });

  it('a series once JPEG-compressed at 10:1 says so with the series, the volume and in the CLI JSON', async () => {
    const head = sharedCt('philips-head');
    const dir = join(work, 'lossy');
    mkdirSync(dir);
    for (const name of readdirSync(head).filter((n) => /^I\d+$/.test(n))) {
      const edited = withElements(new Uint8Array(readFileSync(join(head, name))), {
        '00282110': { vr: 'CS', value: ascii('01') },
        '00282112': { vr: 'DS', value: ascii('10') },
        '00282114': { vr: 'CS', value: ascii('ISO_10918_1') },
      });
      writeFileSync(join(dir, name), edited);
    }
    const warning =
      'lossy compressed (JPEG, ratio 10:1), all images: values are not the original HU; not for measurements that need them';
    const sources = await sourcesFromPath(dir);
    const series = selectSeries(await indexSources(sources), '201');
    expect(series.warnings).toContain(warning);
    const volume = await buildVolume(series, new Map(sources.map((s) => [s.name, s])), nodeSliceReader);
    expect(volume.warnings).toContain(warning);
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'src/cli/main.ts', 'series', dir]);
    const report = JSON.parse(stdout) as { series: Array<{ seriesNumber: number; warnings: string[] }> };
    expect(report.series.find((s) => s.seriesNumber === 201)?.warnings).toContain(warning);
  }, 120_000);
});
