/**
 * Issue #17 item 2: the header inspector. On the generated sample it lists every element of the file of
 * the axial slice shown (as many as a Node parse of that file, with the same values), follows scrolling,
 * and filters; on edited copies of a shared-data series (dcmdump counts the same top-level elements)
 * a PatientName that is markup stays text and a UTF-8 name is decoded.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type HeaderElement, readHeaderTree } from '../../src/dicom/header-tree';
import { generatePhantom } from '../../src/phantom/phantom';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { openPage } from '../../scripts/browser/open-page';
import { withElements } from '../helpers/edit-dicom';
import { sharedCt } from '../helpers/shared-data';
import { settle, sliceIndex, waitForLoad, worldToPage } from './app-driver';

const baseUrl = inject('baseUrl');
afterAll(() => closeSharedChromium());

const utf8 = (text: string) => new TextEncoder().encode(text);
const TOP_ROWS = '[data-testid="tag-list"] [data-testid="tag-row"][data-depth="0"]';

/** Opens the inspector and waits until it shows a header other than `previous` (by file). */
async function shownFile(page: Page, previous?: string): Promise<string> {
  const inspector = page.getByTestId('tag-inspector');
  // From the keyboard: on a machine this busy, a click can wait long for the page to hold still.
  if ((await inspector.getAttribute('open')) === null) await inspector.locator('summary').first().press('Enter');
  await page.waitForFunction(
    (before) => {
      const panel = document.querySelector<HTMLElement>('[data-testid="tag-inspector"]');
      return panel?.dataset.state === 'error' || (panel?.dataset.state === 'ready' && panel.dataset.file !== before);
    },
    previous ?? null,
    { timeout: 60_000 },
  );
  if ((await inspector.getAttribute('data-state')) === 'error') {
    throw new Error(`the inspector failed: ${await page.getByTestId('tag-source').textContent()}`);
  }
  return (await inspector.getAttribute('data-file'))!;
}

/** Text of the value cell of the top-level row for `tag`. */
async function rowValue(page: Page, tag: string): Promise<string> {
  const row = page.locator(`${TOP_ROWS}[data-tag="${tag}"]`);
  return (await row.locator('[data-testid="tag-value"]').textContent()) ?? '';
}

async function topLevelCounts(page: Page): Promise<{ dataSet: number; meta: number }> {
  return {
    dataSet: await page.locator(`${TOP_ROWS}[data-section="dataset"]`).count(),
    meta: await page.locator(`${TOP_ROWS}[data-section="meta"]`).count(),
  };
}

const valueOf = (elements: HeaderElement[], tag: string) => elements.find((element) => element.tag === tag)?.value;

describe('header inspector', () => {
  it('on the sample: the axial slice’s file, element for element; it follows scrolling and filters', async () => {
    const phantom = generatePhantom({});
    const app = await openPage(baseUrl);
    const { page } = app;
    try {
      await waitForLoad(page);
      await settle(page);
      const inspector = page.getByTestId('tag-inspector');
      // Folded until asked for: nothing is read before.
      expect(await inspector.getAttribute('open')).toBeNull();
      expect(await inspector.getAttribute('data-state')).toBe('empty');

      const first = await shownFile(page);
      const file = phantom.files.find((candidate) => candidate.name === first);
      expect(file, `the sample has no file ${first}`).toBeDefined();
      const tree = readHeaderTree(first, file!.data);
      expect(await topLevelCounts(page)).toEqual({ dataSet: tree.dataSet.length, meta: tree.meta.length });
      const keywords = await page
        .locator(`${TOP_ROWS}[data-section="dataset"]`)
        .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.keyword));
      expect(keywords).toEqual(tree.dataSet.map((element) => element.keyword));
      const instance = await rowValue(page, '(0020,0013)');
      expect(instance).toBe(valueOf(tree.dataSet, '(0020,0013)'));
      expect(await rowValue(page, '(7FE0,0010)')).toMatch(/^\d+ bytes; Explicit VR Little Endian/);

      // Scrolling the axial pane shows the next slice's file, once it rests.
      const before = await sliceIndex(page, 'axial');
      const [x, y] = await worldToPage(page, 'axial', [0, 0, 0]);
      await page.mouse.move(x, y);
      for (let step = 0; step < 3; step++) await page.mouse.wheel(0, 100);
      await settle(page);
      expect(await sliceIndex(page, 'axial')).toBe(before + 3);
      const next = await shownFile(page, first);
      const nextTree = readHeaderTree(next, phantom.files.find((candidate) => candidate.name === next)!.data);
      const nextInstance = await rowValue(page, '(0020,0013)');
      expect(nextInstance).toBe(valueOf(nextTree.dataSet, '(0020,0013)'));
      expect(Math.abs(Number(nextInstance) - Number(instance))).toBe(3);
      expect(await rowValue(page, '(0020,0032)')).toBe(valueOf(nextTree.dataSet, '(0020,0032)'));

      // The filter: a keyword, a tag number in any spelling, a value.
      const filter = page.getByTestId('tag-filter');
      const shownTags = () =>
        page
          .locator('[data-testid="tag-list"] [data-testid="tag-row"]')
          .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.tag));
      await filter.fill('patientname');
      expect(await shownTags()).toEqual(['(0010,0010)']);
      for (const query of ['0020,0013', '(0020,0013)', '00200013']) {
        await filter.fill(query);
        expect(await shownTags(), query).toEqual(['(0020,0013)']);
      }
      await filter.fill(valueOf(nextTree.dataSet, '(0008,0018)')!);
      expect(await shownTags()).toEqual(expect.arrayContaining(['(0008,0018)']));
      await filter.fill('');
      expect((await topLevelCounts(page)).dataSet).toBe(nextTree.dataSet.length);

      // The slice under the mouse pointer: in the coronal pane, at the height of the tenth slice's file.
      const tenth = phantom.files
        .map((candidate) => readHeaderTree(candidate.name, candidate.data))
        .find((header) => valueOf(header.dataSet, '(0020,0013)') === '10')!;
      const z = Number(valueOf(tenth.dataSet, '(0020,0032)')!.split('\\')[2]);
      await page.getByTestId('tag-follow-pointer').press('Space');
      const [px, py] = await worldToPage(page, 'coronal', [0, 0, z]);
      await page.mouse.move(px, py);
      expect(await shownFile(page, next)).toBe(tenth.file);
      expect(await rowValue(page, '(0020,0013)')).toBe('10');
      expect(app.consoleErrors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('on edited shared-data slices: dcmdump’s count, markup as text, a UTF-8 name decoded, private rows marked', async () => {
    const head = sharedCt('philips-head');
    const markup = '<img src=x onerror="window.__pwned=1">';
    const japanese = '山田^太郎';
    const edit = (bytes: Uint8Array) =>
      withElements(bytes, {
        '00080005': { vr: 'CS', value: utf8('ISO_IR 192') },
        '00080090': { vr: 'PN', value: utf8(japanese) },
        '00100010': { vr: 'PN', value: utf8(markup) },
      });
    const names = readdirSync(head).filter((name) => /^I\d+$/.test(name));
    const files = names.map((name) => ({
      name,
      mimeType: 'application/dicom',
      buffer: Buffer.from(edit(new Uint8Array(readFileSync(join(head, name))))),
    }));
    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;
    try {
      const elementsBefore = await page.evaluate(() => document.querySelectorAll('img').length);
      await page.getByTestId('open-files').setInputFiles(files);
      await waitForLoad(page);
      const shown = await shownFile(page);
      expect(names).toContain(shown);

      // The edits replaced elements the file had: dcmdump of the original counts the same.
      const dump = await dcmdumpTopLevel(join(head, shown));
      expect(await topLevelCounts(page)).toEqual(dump);

      expect(await rowValue(page, '(0010,0010)')).toBe(markup);
      expect(await rowValue(page, '(0008,0090)')).toBe(japanese);
      expect(await page.evaluate(() => document.querySelectorAll('img[src="x"], [onerror]').length)).toBe(0);
      expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(elementsBefore);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null)).toBeNull();

      const privateRow = page.locator(`${TOP_ROWS}[data-tag="(00E1,1002)"]`);
      expect(await privateRow.getAttribute('data-private')).toBe('true');
      expect(await privateRow.locator('.tag-keyword').textContent()).toBe('private · ELSCINT1');
      expect(await page.locator(`${TOP_ROWS}[data-tag="(0010,0010)"]`).getAttribute('data-private')).toBeNull();

      // A sequence opens onto its items; a long value shows in full on demand.
      const sequence = page.locator('[data-testid="tag-sequence"][data-tag="(0008,1140)"]');
      await sequence.locator('summary').first().press('Enter');
      // Its items are built on the details' toggle event, which the browser fires in a task of its own.
      await sequence.getByTestId('tag-item').first().waitFor();
      expect(
        await sequence
          .locator('[data-testid="tag-row"][data-depth="1"]')
          .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.keyword)),
      ).toEqual(['ReferencedSOPClassUID', 'ReferencedSOPInstanceUID']);
      const blob = page.locator(`${TOP_ROWS}[data-tag="(01F7,1019)"]`);
      const short = (await blob.locator('[data-testid="tag-value"]').textContent()) ?? '';
      expect(short.endsWith('…')).toBe(true);
      await blob.getByTestId('tag-show-all').press('Enter');
      const full = (await blob.locator('[data-testid="tag-value"]').textContent()) ?? '';
      expect(full.split('\\')).toHaveLength(1080);
      expect(app.consoleErrors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('in the 2D mode: the header of the image shown', async () => {
    const path = join(sharedCt('philips-head'), 'I10');
    const bytes = new Uint8Array(readFileSync(path));
    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;
    try {
      await page
        .getByTestId('open-files')
        .setInputFiles([{ name: 'I10', mimeType: 'application/dicom', buffer: Buffer.from(bytes) }]);
      expect(await waitForLoad(page)).toContain('shown in 2D');
      expect(await shownFile(page)).toBe('I10');
      expect(await page.getByTestId('tag-source').textContent()).toBe('I10 — image 1 of 1');
      const tree = readHeaderTree('I10', bytes);
      expect(await topLevelCounts(page)).toEqual({ dataSet: tree.dataSet.length, meta: tree.meta.length });
      expect(await rowValue(page, '(0010,0010)')).toBe('HEAD');
    } finally {
      await app.close();
    }
  });
});

/** Top-level elements dcmdump (dcmtk) lists in a file's data set and meta header (item delimiters left out). */
async function dcmdumpTopLevel(path: string): Promise<{ dataSet: number; meta: number }> {
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)('dcmdump', [path], { maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('dcmdump is not installed: the header inspector is checked against dcmtk (Debian package "dcmtk")');
    }
    throw error;
  }
  const [meta = '', dataSet = ''] = stdout.split('# Dicom-Meta-Information-Header')[1]?.split('# Dicom-Data-Set') ?? [];
  const count = (text: string) =>
    text.split('\n').filter((line) => /^\([0-9a-f]{4},[0-9a-f]{4}\)/.test(line) && !line.startsWith('(fffe,')).length;
  return { dataSet: count(dataSet), meta: count(meta) };
}
