/**
 * Issue 19 in Chromium: philips-head with I150's pixel data cut to 1000 bytes, handed to the real
 * file input as in-memory files. The page names the file with its reason, and the volume it shows is
 * the one Node builds from the other 27 files, voxel for voxel: nothing in it comes from another image
 * (such as the reader's warm-up phantom, which this defect once showed in the slice's place).
 */
import { mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { indexSources } from '../../src/dicom/index-study';
import { selectSeries } from '../../src/dicom/select-series';
import { sourcesFromPath } from '../../src/sources/node-files';
import { buildVolume } from '../../src/volume/build-volume';
import { nodeSliceReader } from '../../src/volume/node-slice-reader';
import type { Page } from 'playwright-core';
import { type VoxelDigest, voxelDigest } from '../../src/volume/voxel-digest';
import { withEmptyEncapsulatedPixelData, withShortPixelData } from '../helpers/edit-dicom';
import { sharedCt } from '../helpers/shared-data';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { openPage } from '../../scripts/browser/open-page';
import { scratchDir } from '../helpers/scratch-dir';
import { waitForLoad } from './app-driver';

const baseUrl = inject('baseUrl');
const scratch = scratchDir('ct-e2e-short-');

afterAll(async () => {
  await closeSharedChromium();
});

const head = sharedCt('philips-head');
const names = readdirSync(head).filter((name) => /^I\d+$/.test(name));

/** philips-head as in-memory files for the file input, with I150 edited. */
function filesWithEditedI150(edit: (bytes: Uint8Array) => Uint8Array) {
  return names.map((name) => {
    const bytes = new Uint8Array(readFileSync(join(head, name)));
    return { name, mimeType: 'application/dicom', buffer: Buffer.from(name === 'I150' ? edit(bytes) : bytes) };
  });
}

/** What the page must show: the series built in Node from the other 27 files. */
let reference: VoxelDigest | null = null;
async function referenceDigest(): Promise<VoxelDigest> {
  if (reference) return reference;
  const without = join(scratch, 'without-I150');
  mkdirSync(without);
  for (const name of names) if (name !== 'I150') symlinkSync(join(head, name), join(without, name));
  const sources = await sourcesFromPath(without);
  const series = selectSeries(await indexSources(sources), '201');
  reference = voxelDigest(await buildVolume(series, new Map(sources.map((s) => [s.name, s])), nodeSliceReader));
  return reference;
}

const shownDigest = (page: Page) =>
  page.evaluate(() => (window as unknown as { ctViewer: { volumeDigest(): VoxelDigest | null } }).ctViewer.volumeDigest());

describe('a slice with short pixel data in the browser', () => {
  it('is named with its reason and no voxel of the shown volume comes from another image', async () => {
    const files = filesWithEditedI150((bytes) => withShortPixelData(bytes, 1000));

    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;
    await page.getByTestId('open-files').setInputFiles(files);
    const status = await waitForLoad(page);
    expect(status).toContain('left out I150: pixel data holds 1000 bytes, 512 × 512 × 16 bits needs 524288');
    expect(status).toMatch(/missing slice: gap of .* between I140 and I160/);
    expect(await shownDigest(page)).toEqual(await referenceDigest());
    expect(app.offOriginRequests).toEqual([]);
    await app.close();
  });

  it('a slice that fails while the stack streams in is planned out, and the shown volume is replaced by the one without it', async () => {
    // Its header reads well (encapsulated pixel data has no length to check), so the series streams
    // as 28 slices; the worker finds the pixel data empty, and the volume is assembled without it.
    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;
    await page.getByTestId('open-files').setInputFiles(filesWithEditedI150(withEmptyEncapsulatedPixelData));
    const status = await waitForLoad(page);
    expect(status).toContain('left out I150: compressed pixel data holds no fragment');
    expect(await shownDigest(page)).toEqual(await referenceDigest());
    expect(app.offOriginRequests).toEqual([]);
    await app.close();
  });
});
