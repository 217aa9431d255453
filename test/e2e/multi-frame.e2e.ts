/**
 * Issue #16 items 4 and 5 in Chromium: an Enhanced CT file made from philips-head's 28 slices, and
 * the same slices as raw data sets (no preamble, no file meta), handed to the real file input as
 * in-memory files. The page builds, from each, the volume Node builds from the Part 10 series, voxel
 * for voxel; a frame is read by its byte range, wrapped as a single-frame data set in the worker and
 * decoded by itk-wasm like any slice.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { indexSources } from '../../src/dicom/index-study';
import { selectSeries } from '../../src/dicom/select-series';
import { sourcesFromPath } from '../../src/sources/node-files';
import { buildVolume } from '../../src/volume/build-volume';
import { nodeSliceReader } from '../../src/volume/node-slice-reader';
import { type VoxelDigest, voxelDigest } from '../../src/volume/voxel-digest';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { openPage } from '../../scripts/browser/open-page';
import { enhancedCt, readSlices } from '../helpers/multi-frame';
import { implicitRawDataSet } from '../helpers/raw-dataset';
import { sharedCt } from '../helpers/shared-data';
import { waitForLoad } from './app-driver';

const baseUrl = inject('baseUrl');
const head = sharedCt('philips-head');
const names = readdirSync(head).filter((name) => /^I\d+$/.test(name));

afterAll(async () => {
  await closeSharedChromium();
});

/** The single-frame Part 10 series as Node builds it. */
let reference: VoxelDigest | null = null;
async function referenceDigest(): Promise<VoxelDigest> {
  if (reference) return reference;
  const sources = await sourcesFromPath(head);
  const series = selectSeries(await indexSources(sources), '201');
  reference = voxelDigest(await buildVolume(series, new Map(sources.map((s) => [s.name, s])), nodeSliceReader));
  return reference;
}

const shownDigest = (page: Page) =>
  page.evaluate(() => (window as unknown as { ctViewer: { volumeDigest(): VoxelDigest | null } }).ctViewer.volumeDigest());

async function loadAndDigest(files: Array<{ name: string; mimeType: string; buffer: Buffer }>) {
  const app = await openPage(baseUrl, { path: '?sample=none' });
  await app.page.getByTestId('open-files').setInputFiles(files);
  const status = await waitForLoad(app.page);
  const digest = await shownDigest(app.page);
  const offOrigin = app.offOriginRequests;
  await app.close();
  return { status, digest, offOrigin };
}

describe('multi-frame and raw data sets in the browser', () => {
  it('an Enhanced CT file of philips-head shows the single-frame series voxel for voxel', async () => {
    const enhanced = enhancedCt(readSlices(head, names));
    const { status, digest, offOrigin } = await loadAndDigest([
      { name: 'head-enhanced.dcm', mimeType: 'application/dicom', buffer: Buffer.from(enhanced) },
    ]);
    expect(status).not.toMatch(/left out|not a DICOM/);
    expect(digest).toEqual(await referenceDigest());
    expect(offOrigin).toEqual([]);
  }, 240_000);

  it('a folder of raw data sets (implicit VR little endian, no file meta) shows the Part 10 series voxel for voxel', async () => {
    const files = names.map((name) => ({
      name,
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(implicitRawDataSet(new Uint8Array(readFileSync(join(head, name))))),
    }));
    const { status, digest } = await loadAndDigest(files);
    expect(status).not.toMatch(/not a DICOM file/);
    expect(digest).toEqual(await referenceDigest());
  }, 240_000);
});
