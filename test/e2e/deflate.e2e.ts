/**
 * Issue 16, item 4 (in part), in Chromium: philips-head with every data set deflated in memory loads
 * through the real file input as the original series, voxel for voxel (headers inflated in the
 * ingest workers, pixels read by itk-wasm, stored values verified after inflation).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { openPage } from '../../scripts/browser/open-page';
import { indexSources } from '../../src/dicom/index-study';
import { selectSeries } from '../../src/dicom/select-series';
import { sourcesFromPath } from '../../src/sources/node-files';
import { buildVolume } from '../../src/volume/build-volume';
import { nodeSliceReader } from '../../src/volume/node-slice-reader';
import { type VoxelDigest, voxelDigest } from '../../src/volume/voxel-digest';
import { withDeflatedDataSet } from '../helpers/edit-dicom';
import { sharedCt } from '../helpers/shared-data';
import { waitForLoad } from './app-driver';

const baseUrl = inject('baseUrl');
afterAll(() => closeSharedChromium());

describe('Deflated Explicit VR Little Endian in the browser', () => {
  it('loads as the original series, voxel for voxel, with 0 off-origin requests', async () => {
    const head = sharedCt('philips-head');
    const files = readdirSync(head)
      .filter((name) => /^I\d+$/.test(name))
      .map((name) => ({
        name,
        mimeType: 'application/dicom',
        buffer: Buffer.from(withDeflatedDataSet(new Uint8Array(readFileSync(join(head, name))))),
      }));
    const sources = await sourcesFromPath(head);
    const series = selectSeries(await indexSources(sources), '201');
    const reference = voxelDigest(await buildVolume(series, new Map(sources.map((s) => [s.name, s])), nodeSliceReader));

    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;
    await page.getByTestId('open-files').setInputFiles(files);
    expect(await waitForLoad(page)).toContain('512×512×28 voxels ready');
    const shown = await page.evaluate(() =>
      (window as unknown as { ctViewer: { volumeDigest(): VoxelDigest | null } }).ctViewer.volumeDigest(),
    );
    expect(shown).toEqual(reference);
    expect(app.offOriginRequests).toEqual([]);
    await app.close();
  });
});
