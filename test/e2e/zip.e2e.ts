/**
 * Issue #16 item 7 in Chromium: a zip of philips-phantom-tilt set on the real file input lists the
 * series the folder lists, with the same skipped files, and the chosen series is the volume Node
 * builds from the folder, voxel for voxel; a DICOMDIR folder likewise. The entries' heads are
 * inflated in the ingest workers, their whole bytes by the browser's DecompressionStream.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { openPage } from '../../scripts/browser/open-page';
import { onDiskSliceReader } from '../../src/cli/on-disk-slice-reader';
import { indexSources } from '../../src/dicom/index-study';
import { selectSeries } from '../../src/dicom/select-series';
import { sourcesFromPath } from '../../src/sources/node-files';
import { sourceFromBytes } from '../../src/sources/source-file';
import { expandZips } from '../../src/sources/zip/expand-zips';
import { buildVolume } from '../../src/volume/build-volume';
import { nodeSliceReader } from '../../src/volume/node-slice-reader';
import { type VoxelDigest, voxelDigest } from '../../src/volume/voxel-digest';
import { dicomdirFolder } from '../helpers/dicomdir-folder';
import { scratchDir } from '../helpers/scratch-dir';
import { sharedCt } from '../helpers/shared-data';
import { entryOffsets, folderFiles, zipOf } from '../helpers/zip-folder';
import { waitForLoad } from './app-driver';

const baseUrl = inject('baseUrl');
const scratch = scratchDir('ct-e2e-zip-');
const phantom = sharedCt('philips-phantom-tilt');

afterAll(async () => {
  await closeSharedChromium();
});

/** Series 201 as Node builds it from the folder: what the page must show. */
async function referenceDigest(folder: string): Promise<VoxelDigest> {
  const sources = await sourcesFromPath(folder);
  const series = selectSeries(await indexSources(sources), '201');
  return voxelDigest(await buildVolume(series, new Map(sources.map((s) => [s.name, s])), nodeSliceReader));
}

const shownDigest = (page: Page) =>
  page.evaluate(() => (window as unknown as { ctViewer: { volumeDigest(): VoxelDigest | null } }).ctViewer.volumeDigest());

const listedSeries = (page: Page) =>
  page
    .getByTestId('series-item')
    .evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-series-number'), row.getAttribute('data-volume')]));

describe('zips and DICOMDIRs in the browser', () => {
  it('a zip of the phantom study lists what the folder lists, and series 201 is the folder’s volume voxel for voxel', async () => {
    const zip = join(scratch, 'phantom.zip');
    writeFileSync(
      zip,
      zipOf(folderFiles(phantom), { top: 'philips-phantom-tilt/', extra: { 'philips-phantom-tilt/S2010/': new Uint8Array(0) } }),
    );
    const reference = referenceDigest(phantom);

    const folderApp = await openPage(baseUrl, { path: '?sample=none' });
    await folderApp.page.getByTestId('open-folder').setInputFiles(phantom);
    await folderApp.page.getByTestId('series-list').waitFor();
    const folderSeries = await listedSeries(folderApp.page);
    await folderApp.close();

    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;
    await page.getByTestId('open-files').setInputFiles(zip);
    await page.getByTestId('series-list').waitFor();
    expect(await listedSeries(page)).toEqual(folderSeries);
    const skipped = (await page.getByTestId('skipped-files').textContent()) ?? '';
    expect(skipped).toContain('5 file(s) skipped');
    expect(skipped).toContain('phantom.zip/philips-phantom-tilt/S2010/DIRFILE: a DICOM directory file');

    await page.locator('[data-testid="series-item"][data-series-number="201"]').click();
    const status = await waitForLoad(page);
    expect(status).toContain('gantry tilt 18.5° corrected');
    expect(await page.getByTestId('volume-info').getAttribute('data-dimensions')).toBe('512,599,54');
    expect(await shownDigest(page)).toEqual(await reference);
    expect(app.offOriginRequests).toEqual([]);
    await app.close();
  });

  it('an entry that fails its CRC-32 when read whole leaves its slice out, named, and the rest is the volume Node builds', async () => {
    const zipBytes = zipOf(
      folderFiles(phantom).filter(([name]) => name.startsWith('S2010/')),
      { level: 0 },
    );
    const { data } = entryOffsets(zipBytes, 'S2010/I100');
    zipBytes[data + 300_000] = zipBytes[data + 300_000]! ^ 0xff;
    const zip = join(scratch, 's2010.zip');
    writeFileSync(zip, zipBytes);
    const { sources, skipped } = await expandZips([sourceFromBytes('s2010.zip', zipBytes)]);
    const series = selectSeries(await indexSources(sources, undefined, skipped), '201');
    const reference = voxelDigest(
      await buildVolume(series, new Map(sources.map((s) => [s.name, s])), onDiskSliceReader(nodeSliceReader)),
    );

    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;
    await page.getByTestId('open-files').setInputFiles(zip);
    const status = await waitForLoad(page);
    expect(status).toMatch(/s2010\.zip\/S2010\/I100: could not be read \(.*CRC-32/);
    expect(await shownDigest(page)).toEqual(reference);
    await app.close();
  });

  it('a DICOMDIR folder is read as a DICOMDIR and its series is the folder’s volume voxel for voxel', async () => {
    const fileSet = join(scratch, 'fileset');
    const s2010 = join(phantom, 'S2010');
    await dicomdirFolder(s2010, fileSet);
    // A file the DICOMDIR does not name is indexed as well (the scout, not a volume).
    mkdirSync(join(fileSet, 'EXTRA'));
    copyFileSync(join(phantom, 'S1000', 'I10'), join(fileSet, 'EXTRA', 'I10'));
    const reference = referenceDigest(s2010);

    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;
    await page.getByTestId('open-folder').setInputFiles(fileSet);
    const status = await waitForLoad(page);
    expect(status).toContain('gantry tilt 18.5° corrected');
    expect(await shownDigest(page)).toEqual(await reference);
    await page.getByTestId('series-list').waitFor();
    expect(await page.getByTestId('index-notices').textContent()).toBe('fileset/DICOMDIR: 54 files named, 54 found');
    expect(await page.getByTestId('skipped-files').count()).toBe(0);
    expect(await listedSeries(page)).toEqual([
      ['201', 'true'],
      ['100', 'false'],
    ]);
    expect(app.offOriginRequests).toEqual([]);
    await app.close();
  });
});
