/**
 * Issue 16, item 9, in Chromium: every case of the bad-input corpus (test/corpus/cases.ts, the table
 * the CLI runner uses) handed to the app's file input on one page, one case after another. The app
 * must reach the case's outcome, its shown volume equal to the reference built in Node (voxelDigest),
 * no bare JavaScript message in its words, no tag text made markup; and after each case the same
 * page still loads a good series (a tiny phantom), equal to its own Node build.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { VoxelDigest } from '../../src/volume/voxel-digest';
import { voxelDigest } from '../../src/volume/voxel-digest';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { type OpenedPage, openPage } from '../../scripts/browser/open-page';
import { referenceVolume, writeCaseFolder } from '../corpus/case-folder';
import type { CaseFiles, CorpusCase, Observed } from '../corpus/case-types';
import { RUNNABLE_CASES } from '../corpus/cases';
import { expectOutcome, referenceVoxels } from '../corpus/check-outcome';
import { phantomReference } from '../corpus/references';
import { scratchDir } from '../helpers/scratch-dir';

const baseUrl = inject('baseUrl');
const scratch = scratchDir('ct-e2e-corpus-');
/** The smallest good series: what the page must still load after every case. */
const GOOD = phantomReference('good', { rows: 16, columns: 16, slices: 4, seed: 'corpus-good', seriesNumber: 9 });
const LOAD_TIMEOUT_MS = 120_000;

let app: OpenedPage;
beforeAll(async () => {
  app = await openPage(baseUrl, { path: '?sample=none' });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await closeSharedChromium();
});

/*
 * Page-side code as arrow functions without named inner functions (tsx would wrap those in a helper
 * the page lacks), never as strings: the app's Content-Security-Policy forbids evaluating strings.
 */
const loadStart = (page: Page): Promise<number> =>
  page.evaluate(() => performance.getEntriesByName('ct:load-start', 'mark').at(-1)?.startTime ?? -1);

/** Waits until a load that started after `start` ends: 'ready', 'error', or 'idle' once indexed (a choice to make). */
async function outcomeAfter(page: Page, start: number): Promise<string> {
  const outcome = await page.waitForFunction(
    (before) => {
      if ((performance.getEntriesByName('ct:load-start', 'mark').at(-1)?.startTime ?? -1) === before) return false;
      const s = document.querySelector('[data-testid="load-state"]')?.getAttribute('data-state');
      if (s === 'ready' || s === 'error') return s;
      return s === 'idle' && performance.getEntriesByName('ct:index-done', 'mark').length > 0 ? s : false;
    },
    start,
    { timeout: LOAD_TIMEOUT_MS, polling: 100 },
  );
  return String(await outcome.jsonValue());
}

/**
 * Hands the files to the file input (a folder holding sub-folders, as a DICOMDIR's, to the folder
 * input) and waits for that load's outcome: 'ready', 'error', or 'idle' (a choice to make).
 */
async function hand(page: Page, name: string, files: CaseFiles): Promise<string> {
  const before = await loadStart(page);
  if (files.some((file) => file.name.includes('/'))) {
    await page.getByTestId('open-folder').setInputFiles(writeCaseFolder(scratch, name, files));
  } else {
    await page
      .getByTestId('open-files')
      .setInputFiles(files.map((file) => ({ name: file.name, mimeType: 'application/dicom', buffer: Buffer.from(file.bytes) })));
  }
  return outcomeAfter(page, before);
}

/** Picks a series in the list and waits for its build to end. */
async function choose(page: Page, seriesNumber: string): Promise<string> {
  await page.locator(`[data-testid="series-item"][data-series-number="${seriesNumber}"]`).first().click();
  const outcome = await page.waitForFunction(
    () => {
      const s = document.querySelector('[data-testid="load-state"]')?.getAttribute('data-state');
      return s === 'ready' || s === 'error' ? s : false;
    },
    undefined,
    { timeout: LOAD_TIMEOUT_MS, polling: 100 },
  );
  return String(await outcome.jsonValue());
}

interface PageWords {
  status: string;
  list: string;
  patientLabel: string | null;
  title: string | null;
  markup: number;
  viewMode: string | null;
  digest: VoxelDigest | null;
}

const readPage = (page: Page): Promise<PageWords> =>
  page.evaluate(() => {
    const status = document.querySelector('[data-testid="load-state"]')?.textContent ?? '';
    const list = document.querySelector('[data-testid="series-list"]')?.textContent ?? '';
    const row = document.querySelector('[data-testid="series-item"].active');
    const patientLabel = row?.closest('.patient')?.querySelector('h3')?.textContent ?? null;
    const title = row?.querySelector('.series-title')?.textContent ?? null;
    const made = ['[data-testid="series-list"]', '[data-testid="load-state"]', '.info-panel']
      .map((where) => document.querySelectorAll(`${where} :is(img, script, b, iframe)`).length)
      .reduce((a, b) => a + b, 0);
    const win = window as unknown as { __corpusInjected?: unknown; ctViewer?: { volumeDigest(): VoxelDigest | null } };
    const markup = made + (win.__corpusInjected === undefined ? 0 : 1);
    const viewMode = document.querySelector('[data-testid="viewer"]')?.getAttribute('data-view-mode') ?? null;
    return { status, list, patientLabel, title, markup, viewMode, digest: win.ctViewer?.volumeDigest() ?? null };
  });

/** What the app showed for a case: a volume only when its status says the voxels are ready. */
async function observeApp(page: Page, c: CorpusCase, files: CaseFiles): Promise<Observed> {
  let state = await hand(page, c.id, files);
  if (state === 'idle' && c.series) state = await choose(page, c.series);
  const seen = await readPage(page);
  const built = state === 'ready' && seen.viewMode !== 'image2d' && /voxels ready/.test(seen.status) && seen.digest !== null;
  return {
    volume: built ? { dimensions: seen.digest!.dimensions, checksum: seen.digest!.checksum } : null,
    failure: built ? null : `${state}: ${seen.status}`,
    text: `${seen.status}\n${seen.list}`,
    names:
      built && seen.title !== null
        ? { patientLabel: seen.patientLabel ?? '', description: seen.title.split(' · ').slice(2).join(' · ') }
        : null,
    markupElements: seen.markup,
    shown2d: state === 'ready' && seen.viewMode === 'image2d',
  };
}

describe('the bad-input corpus in the app', () => {
  it.each(RUNNABLE_CASES.map((c) => [c.id, c] as const))(
    '%s, and the page loads a good series after it',
    async (_id, c) => {
      const { page } = app;
      const errorsBefore = app.consoleErrors.filter((e) => e.startsWith('pageerror')).length;
      const reference = 'reference' in c.expect && c.expect.reference ? await referenceVolume(scratch, c.expect.reference) : null;
      expectOutcome(c, await observeApp(page, c, await c.build()), reference && referenceVoxels(reference));
      expect(
        app.consoleErrors.filter((e) => e.startsWith('pageerror')).slice(errorsBefore),
        `${c.id}: uncaught page errors`,
      ).toEqual([]);

      const good = voxelDigest(await referenceVolume(scratch, GOOD));
      expect(await hand(page, 'good', await GOOD.build()), `${c.id}: the page still loads a good series`).toBe('ready');
      expect((await readPage(page)).digest).toEqual(good);
    },
    2 * LOAD_TIMEOUT_MS + 30_000,
  );

  it('made no request off the origin', () => {
    expect(app.offOriginRequests).toEqual([]);
  });
});
