/**
 * Issue #17 item 7: each row of the series list shows its series' middle image, decoded, windowed and
 * reduced in a worker of its own, only drawn on the page. The canvases' pixels are compared, every one,
 * with what the files' stored values give in Node (test/helpers/thumbnail-expected.ts); the job log
 * (`window.ctThumbnails.log()`) shows that no thumbnail job is taken while a load is in flight.
 */
import { statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { indexSources } from '../../src/dicom/index-study';
import { middleSlice } from '../../src/dicom/middle-slice';
import { parseHeader } from '../../src/dicom/parse-header';
import type { SliceHeader } from '../../src/dicom/types';
import { generatePhantom } from '../../src/phantom/phantom';
import { sourceFromBytes, type SourceFile } from '../../src/sources/source-file';
import { sourceFromPath, sourcesFromPath } from '../../src/sources/node-files';
import type { ThumbnailEvent } from '../../src/ingest/thumbnail-client';
import { serveBuild } from '../../scripts/browser/build-and-serve';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { openPage } from '../../scripts/browser/open-page';
import { withEmptyEncapsulatedPixelData } from '../helpers/edit-dicom';
import { orthancForSuite } from '../helpers/orthanc';
import { scratchDir } from '../helpers/scratch-dir';
import { projectRoot, sharedCt } from '../helpers/shared-data';
import { expectedThumbnail } from '../helpers/thumbnail-expected';
import { waitForLoad } from './app-driver';

const baseUrl = inject('baseUrl');
const distDir = inject('distDir');
const scratch = scratchDir('ct-e2e-thumbnails-');

afterAll(async () => {
  await closeSharedChromium();
});

interface DrawnThumbnail {
  seriesId: string;
  seriesNumber: string;
  seriesUid: string;
  /** The row's facts ("2 images, 650×512 …"). */
  facts: string;
  state: string;
  title: string;
  file: string;
  decodedIn: string;
  width: number;
  height: number;
  cssSize: [number, number];
  rgba: number[];
}

/** Scrolls each row into view (thumbnails are made for rows on screen) and waits for its thumbnail. */
async function settledThumbnails(page: Page): Promise<DrawnThumbnail[]> {
  const rows = page.getByTestId('series-item');
  for (let at = 0; at < (await rows.count()); at++) {
    // Not Playwright's scrollIntoViewIfNeeded: it waits for the row to be still, and a software GPU drawing
    // the 3D pane can hold the frames it waits on for long.
    await rows.nth(at).evaluate((row) => row.scrollIntoView({ block: 'nearest' }));
    await expect
      .poll(() => rows.nth(at).getByTestId('series-thumbnail').getAttribute('data-state'), { timeout: 90_000 })
      .toMatch(/^(ready|failed)$/);
  }
  return rows.evaluateAll((elements) =>
    elements.map((row) => {
      const canvas = row.querySelector<HTMLCanvasElement>('canvas[data-testid="series-thumbnail"]')!;
      const ready = canvas.dataset.state === 'ready';
      const box = canvas.getBoundingClientRect();
      return {
        seriesId: (row as HTMLElement).dataset.seriesId ?? '',
        seriesNumber: (row as HTMLElement).dataset.seriesNumber ?? '',
        seriesUid: (row as HTMLElement).dataset.seriesUid ?? '',
        facts: row.querySelector('.series-facts')?.textContent ?? '',
        state: canvas.dataset.state ?? '',
        title: canvas.title,
        file: canvas.dataset.file ?? '',
        decodedIn: canvas.dataset.decodedIn ?? '',
        width: canvas.width,
        height: canvas.height,
        cssSize: [box.width, box.height] as [number, number],
        rgba: ready ? Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data) : [],
      };
    }),
  );
}

/** The drawn pixels against the expected ones: every pixel, exactly; and the picture is not blank. */
function checkPixels(drawn: DrawnThumbnail, bytes: Uint8Array, header: SliceHeader): void {
  const label = `series ${drawn.seriesNumber} (${header.file})`;
  expect(drawn.state, label).toBe('ready');
  // The longer side in mm gets 64 device pixels (the page's device pixel ratio is 1), drawn 1:1.
  const [sy, sx] = header.pixelSpacing ?? [1, 1];
  const aspect = (header.columns * sx) / (header.rows * sy);
  expect(Math.max(drawn.width, drawn.height), label).toBe(64);
  expect(Math.abs(drawn.width - drawn.height * aspect), label).toBeLessThanOrEqual(1);
  expect(drawn.cssSize, label).toEqual([drawn.width, drawn.height]);
  const expected = expectedThumbnail(bytes, header, [drawn.width, drawn.height]);
  const mismatches: string[] = [];
  const levels = new Set<string>();
  expected.forEach((rgb, pixel) => {
    const got = drawn.rgba.slice(pixel * 4, pixel * 4 + 4);
    levels.add(got.slice(0, 3).join(','));
    if (got.join(',') !== [...rgb, 255].join(',') && mismatches.length < 5) {
      mismatches.push(`(${pixel % drawn.width}, ${Math.floor(pixel / drawn.width)}): ${got} ≠ ${rgb}`);
    }
  });
  expect(mismatches, label).toEqual([]);
  expect(levels.size, `${label} is not blank`).toBeGreaterThan(3);
}

/** The windows [begins, idle] of the loads in the log, as positions in it. */
function loadWindows(log: ThumbnailEvent[]): Array<[number, number]> {
  const windows: Array<[number, number]> = [];
  let begun = -1;
  log.forEach((event, at) => {
    if (event.kind === 'load-begins' && begun < 0) begun = at;
    if (event.kind === 'loads-idle' && begun >= 0) {
      windows.push([begun, at]);
      begun = -1;
    }
  });
  expect(begun, 'every load ended').toBe(-1);
  return windows;
}

const jobLog = (page: Page) =>
  page.evaluate(() => (window as unknown as { ctThumbnails: { log(): ThumbnailEvent[] } }).ctThumbnails.log());

async function headerOf(source: SourceFile): Promise<SliceHeader> {
  const parsed = await parseHeader(source);
  if (!parsed.ok) throw new Error(parsed.skipped.reason);
  return parsed.header;
}

describe('series thumbnails', () => {
  it('draws every series of the Philips study off the main thread; a load started meanwhile waits for none', async () => {
    const root = sharedCt('philips-phantom-tilt');
    const sources = await sourcesFromPath(root);
    const index = await indexSources(sources);
    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;
    await page.getByTestId('open-folder').setInputFiles(root);
    await expect.poll(() => page.getByTestId('load-state').getAttribute('data-state'), { timeout: 60_000 }).toBe('idle');
    // Series 201 is opened while the thumbnails are still to come.
    await page.locator('[data-testid="series-item"][data-series-number="201"]').click();
    expect(await waitForLoad(page)).toContain('gantry tilt 18.5° corrected');

    const drawn = await settledThumbnails(page);
    // Four series; 401 is listed by its parts (a 512×256 scout copy and colour pages).
    expect(drawn.length).toBe(index.series.length);
    expect(new Set(drawn.map((row) => row.seriesNumber))).toEqual(new Set(['100', '201', '301', '401']));
    for (const row of drawn) {
      // The group of its UID that holds the file drawn (the groups of a split UID are numbered in the
      // order the headers came in, which differs between the page and Node).
      const series = index.series.find(
        (entry) => entry.seriesInstanceUID === row.seriesUid && entry.slices.some((slice) => row.file.endsWith(slice.file)),
      )!;
      expect(series, `series ${row.seriesNumber}: ${row.file}`).toBeDefined();
      expect(series.sliceCount).toBe(Number(row.facts.split(' ')[0]));
      const header = middleSlice(series)!;
      expect(row.file.endsWith(header.file), `series ${row.seriesNumber}: ${row.file} is ${header.file}`).toBe(true);
      if (series.isVolume) {
        // The middle one along the slice normal, whatever the file order.
        const normalOf = (h: SliceHeader) => h.imagePositionPatient![2];
        const positions = series.slices.map(normalOf).sort((a, b) => a - b);
        expect(normalOf(header)).toBe(positions[Math.floor((positions.length - 1) / 2)]);
      }
      const path = join(root, header.file);
      const bytes = await sourceFromPath(path, statSync(path).size, root).readAll();
      checkPixels(row, bytes, header);
      expect(row.decodedIn, 'decoded in the thumbnail worker').toMatch(/^thumbnails-0 /);
    }
    // Colour pages stay colour.
    expect(drawn.some((row) => row.rgba.some((v, at) => at % 4 === 0 && v !== row.rgba[at + 1]))).toBe(true);

    const log = await jobLog(page);
    const windows = loadWindows(log);
    expect(windows.length, 'the index and the build').toBeGreaterThanOrEqual(2);
    for (const [begins, idle] of windows) {
      expect(log.slice(begins, idle).filter((event) => event.kind === 'dispatched')).toEqual([]);
    }
    // Thumbnails were waiting while series 201 was built: asked for before it ended, taken after it.
    const [, buildEnd] = windows[windows.length - 1]!;
    const waited = log.filter(
      (event, at) =>
        event.kind === 'queued' &&
        at < buildEnd &&
        log.findIndex((later, after) => after > at && later.kind === 'dispatched' && later.seriesId === event.seriesId) >
          buildEnd,
    );
    expect(waited.length).toBeGreaterThan(0);

    // No decode on the page: no wasm compiled there, and the DICOM reader never fetched by it.
    expect(await app.mainThreadWasm()).toBe(0);
    const pageFetches = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
    expect(pageFetches.filter((url) => url.includes('/itk/'))).toEqual([]);
    expect(app.offOriginRequests).toEqual([]);
    await app.close();
  });

  it('draws the generated sample once it is built', async () => {
    const app = await openPage(baseUrl);
    const { page } = app;
    await waitForLoad(page);
    const [row] = await settledThumbnails(page);
    const phantom = generatePhantom({});
    const file = phantom.files.find((candidate) => candidate.name === basename(row!.file))!;
    expect(file, row!.file).toBeDefined();
    const header = await headerOf(sourceFromBytes(file.name, file.data));
    checkPixels(row!, file.data, header);
    const log = await jobLog(page);
    for (const [begins, idle] of loadWindows(log)) {
      expect(log.slice(begins, idle).filter((event) => event.kind === 'dispatched')).toEqual([]);
    }
    expect(await app.mainThreadWasm()).toBe(0);
    await app.close();
  });

  it('shows a placeholder with the reason for an undecodable middle slice, and loses nothing else', async () => {
    const broken = generatePhantom({ slices: 5, seed: 'thumb-broken', seriesNumber: 7 });
    const inverted = generatePhantom({ slices: 4, seed: 'thumb-mono1', seriesNumber: 8, monochrome1: true });
    const middle = [...broken.slices].sort((a, b) => a.position[2] - b.position[2])[2]!.file;
    for (const file of [...broken.files, ...inverted.files]) {
      writeFileSync(join(scratch, file.name), file.name === middle ? withEmptyEncapsulatedPixelData(file.data) : file.data);
    }
    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;
    await page.getByTestId('open-folder').setInputFiles(scratch);
    await expect.poll(() => page.getByTestId('load-state').getAttribute('data-state'), { timeout: 60_000 }).toBe('idle');
    const drawn = await settledThumbnails(page);
    const failed = drawn.find((row) => row.seriesNumber === '7')!;
    expect(failed.state).toBe('failed');
    expect(failed.title).toContain('No thumbnail: ');
    expect(failed.title).toContain(middle);
    expect(failed.title).not.toMatch(/TypeError|RangeError|undefined/);

    const mono = drawn.find((row) => row.seriesNumber === '8')!;
    const sorted = [...inverted.slices].sort((a, b) => a.position[2] - b.position[2]);
    const file = inverted.files.find((candidate) => candidate.name === sorted[1]!.file)!;
    expect(basename(mono.file)).toBe(file.name);
    checkPixels(mono, file.data, await headerOf(sourceFromBytes(file.name, file.data)));

    // The series itself still loads, its broken slice left out and named.
    await page.locator('[data-testid="series-item"][data-series-number="7"]').click();
    const status = await waitForLoad(page);
    expect(status).toContain(middle);
    expect(await page.locator('[data-series-number="8"] [data-testid="series-thumbnail"]').getAttribute('data-state')).toBe(
      'ready',
    );
    expect(await app.mainThreadWasm()).toBe(0);
    await app.close();
  });
});

describe('series thumbnails of a DICOMweb study (a real Orthanc, through the same-origin proxy)', () => {
  it('reads each middle instance through its reader, one request at a time, and counts none in the load progress', async () => {
    const root = sharedCt('philips-phantom-tilt');
    const sources = await sourcesFromPath(root);
    const index = await indexSources(sources);
    const orthanc = await orthancForSuite();
    const paths = sources.map((source) => source.path).filter((path) => !path.endsWith('DIRFILE'));
    expect((await orthanc.upload(paths)).rejected).toEqual([]);
    if (!distDir) throw new Error('the DICOMweb thumbnail test serves the e2e build (global-setup provides distDir)');
    const served = await serveBuild(projectRoot, distDir, orthanc.root);
    const app = await openPage(served.baseUrl, { path: null });
    const { page } = app;
    // Instance retrievals in flight, and the most at once.
    let inFlight = 0;
    let most = 0;
    const retrieved: string[] = [];
    const isInstance = (url: string) => /\/dicom-web\/studies\/[^/]+\/series\/[^/]+\/instances\/[^/?]+$/.test(url);
    page.on('request', (request) => {
      if (!isInstance(request.url())) return;
      retrieved.push(request.url().split('/').pop()!);
      most = Math.max(most, ++inFlight);
    });
    const ended = (request: { url(): string }) => isInstance(request.url()) && inFlight--;
    page.on('requestfinished', ended);
    page.on('requestfailed', ended);
    expect(index.patients.flatMap((patient) => patient.studies)).toHaveLength(1);
    const studyUid = index.patients[0]!.studies[0]!.studyInstanceUID;
    await page.goto(new URL(`?dicomweb=/dicom-web&study=${studyUid}`, served.baseUrl).href, { waitUntil: 'load' });
    await expect.poll(() => page.getByTestId('load-state').getAttribute('data-state'), { timeout: 60_000 }).toBe('idle');
    const drawn = await settledThumbnails(page);
    expect(drawn.length).toBe(index.series.length);
    expect(most, 'thumbnail requests at once').toBe(1);
    expect(retrieved.length).toBe(index.series.length);
    const sopOf = async (path: string) => (await headerOf(sourceFromPath(path, statSync(path).size, root))).sopInstanceUID;
    for (const row of drawn) {
      // A SeriesInstanceUID split into groups may list them in another order than the folder does: the row
      // is one of its groups' middle images, read from the server.
      const groups = index.series.filter((series) => series.seriesInstanceUID === row.seriesUid);
      const matches: string[] = [];
      for (const series of groups) {
        const header = middleSlice(series)!;
        const path = join(root, header.file);
        const bytes = await sourceFromPath(path, statSync(path).size, root).readAll();
        try {
          checkPixels(row, bytes, header);
          matches.push(await sopOf(path));
        } catch {
          // another group of the same UID
        }
      }
      expect(matches.length, `series ${row.seriesNumber} matches the middle image of one of its groups`).toBeGreaterThan(0);
      expect(retrieved.some((sop) => matches.includes(sop))).toBe(true);
    }
    // Outside a load the study's progress line says nothing of the thumbnails' reads...
    const progress = page.getByTestId('dicomweb-progress');
    expect((await progress.textContent()) ?? '').not.toMatch(/Fetch/);
    // ...and a load counts its own instances only.
    await page.locator('[data-testid="series-item"][data-series-number="201"]').click();
    await waitForLoad(page);
    expect(await progress.textContent()).toMatch(/^Fetched 54 \/ 54 instances, [\d.]+ MB$/);
    expect(app.offOriginRequests).toEqual([]);
    await app.close();
    await served.close();
  });
});
