/**
 * Issue #16 item 8: an ingest worker that dies in the middle of a load (it closes itself, as when
 * its thread ends without a word, or it throws an uncaught error) fails that load with a message in
 * words, and nothing else: the volume shown before comes back on screen, the dead worker is
 * replaced, and the next load works. The worker is killed from the test through Playwright's
 * handle on it, while the series streams in (after its first slices are drawn).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOAD_MARKS } from '../../src/perf/load-marks';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { type OpenedPage, openPage } from '../../scripts/browser/open-page';
import { writePhantomFolder } from '../helpers/phantom-folder';
import { scratchDir } from '../helpers/scratch-dir';
import { settle, waitForLoad } from './app-driver';
import { litFraction, shoot } from './pixels';

const baseUrl = inject('baseUrl');
afterAll(() => closeSharedChromium());

const SAMPLE_DIMENSIONS = '128,128,64';
/** Large enough that the test can kill a worker after the first slices, long before the last. */
const LARGE = { rows: 256, columns: 256, slices: 240, seed: 'worker-death', seriesNumber: 9 };

const KILLS: Array<[string, () => void, RegExp]> = [
  ['closes itself', () => self.close(), /the image reader stopped \(out of memory\?\) while /],
  [
    'throws an uncaught error',
    () => {
      setTimeout(() => {
        throw new Error('worker-death test: an uncaught error in the ingest worker');
      });
    },
    /the image reader failed with an unexpected error while /,
  ],
];

async function state(page: Page): Promise<{ state: string; text: string }> {
  const status = page.getByTestId('load-state');
  return { state: (await status.getAttribute('data-state')) ?? '', text: (await status.textContent()) ?? '' };
}

async function shownDimensions(page: Page): Promise<string> {
  return (await page.getByTestId('volume-info').getAttribute('data-dimensions')) ?? '';
}

describe('an ingest worker that dies during a load', () => {
  let app: OpenedPage;
  let page: Page;
  const dir = writePhantomFolder(LARGE, scratchDir('ct-worker-death-')).dir;

  beforeAll(async () => {
    app = await openPage(baseUrl);
    page = app.page;
    await waitForLoad(page);
    expect(await shownDimensions(page)).toBe(SAMPLE_DIMENSIONS);
  });

  afterAll(async () => {
    await app?.close();
  });

  it.each(KILLS)('%s: the load fails in words, the shown volume stays, the next load works', async (_how, kill, message) => {
    const before = await page.evaluate(() => performance.now());
    await page.getByTestId('open-folder').setInputFiles(dir);
    // The large series' first slices are on screen: the rest is still being read.
    await page.waitForFunction(
      ([mark, after]) => performance.getEntriesByName(mark, 'mark').some((entry) => entry.startTime > after),
      [LOAD_MARKS.firstSlice, before] as const,
      { timeout: 120_000, polling: 20 },
    );
    expect(await page.getByTestId('view-axial').getAttribute('data-slice-count')).toBe(String(LARGE.slices));
    expect((await state(page)).state).toBe('loading');
    const ingest = page.workers().filter((worker) => /ingest\.worker/.test(worker.url()));
    expect(ingest.length).toBeGreaterThan(0);
    await ingest[0]!.evaluate(kill);

    await page.waitForFunction(
      () => document.querySelector('[data-testid="load-state"]')?.getAttribute('data-state') !== 'loading',
      undefined,
      {
        timeout: 60_000,
      },
    );
    const failed = await state(page);
    expect(failed.state).toBe('error');
    expect(failed.text).toMatch(/^Could not load: /);
    expect(failed.text).toMatch(message);
    // It names the files it was reading, and what to do.
    expect(failed.text).toMatch(/while reading \S+\.dcm( … \S+\.dcm \(\d+ files\))?; it has been restarted: load again to retry/);

    // The volume shown before the load is back on screen.
    await page.waitForFunction(
      (count) => document.querySelector('[data-testid="view-axial"]')?.getAttribute('data-slice-count') === count,
      SAMPLE_DIMENSIONS.split(',')[2]!,
      { timeout: 60_000 },
    );
    await settle(page);
    expect(await shownDimensions(page)).toBe(SAMPLE_DIMENSIONS);
    expect(litFraction(await shoot(page, 'view-axial'))).toBeGreaterThan(0.05);
    expect((await state(page)).state).toBe('error');

    // The page stays usable: the sample loads again, on a new worker.
    await page.getByTestId('load-sample').click();
    expect(await waitForLoad(page)).toMatch(/voxels ready/);
    expect(await shownDimensions(page)).toBe(SAMPLE_DIMENSIONS);
    expect(page.workers().filter((worker) => /ingest\.worker/.test(worker.url())).length).toBeGreaterThanOrEqual(ingest.length);
  });

  it('then reads the large series through to the end', async () => {
    await page.getByTestId('open-folder').setInputFiles(dir);
    expect(await waitForLoad(page, 180_000)).toContain(`${LARGE.columns}×${LARGE.rows}×${LARGE.slices} voxels ready`);
    expect(await shownDimensions(page)).toBe(`${LARGE.columns},${LARGE.rows},${LARGE.slices}`);
  });
});
