/**
 * Issue 17 item 4 in Chromium: each layout shows exactly its panes at their sizes and draws only them
 * (the viewer's frame log), slice scrolling and the 3D camera still work in them, maximising and the
 * layout key; cine advances `data-slice-index` in the active pane only, loops and stops on a scroll;
 * the `?` sheet lists the keys as text and Escape closes it without restoring a maximised pane.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AppPage, type ViewerPane } from '../../scripts/browser/app-page';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { type OpenedPage, openPage } from '../../scripts/browser/open-page';
import { LAYOUTS, LAYOUT_NAMES, type LayoutName } from '../../src/views/layouts';

const baseUrl = inject('baseUrl');
const PANES: ViewerPane[] = ['axial', 'coronal', 'sagittal', '3d'];
type Box = { x: number; y: number; width: number; height: number };

/** Waits until no frame has been drawn for `quietMs` and every drawn frame is finished on the GPU. */
async function waitForQuiet(viewer: AppPage, quietMs = 600): Promise<void> {
  let last = -1;
  for (let tries = 0; tries < 200; tries++) {
    const id = await viewer.lastFrameId();
    const pending = (await viewer.frames(Math.max(0, id - 5))).some((f) => f.finishedAt === null);
    if (id === last && !pending) return;
    last = id;
    await viewer.page.waitForTimeout(quietMs);
  }
  throw new Error('the viewer kept drawing');
}

/** The panes drawn in the frames after `afterId`, each once, in PANES order. */
async function drawnSince(viewer: AppPage, afterId: number): Promise<string[]> {
  const drawn = new Set((await viewer.frames(afterId)).flatMap((f) => f.panes));
  return PANES.filter((pane) => drawn.has(pane));
}

const boxes = (page: Page) =>
  Promise.all(PANES.map(async (pane) => [pane, await page.getByTestId(`view-${pane}`).boundingBox()] as const));

/** `actual` is `width` × `height` of the viewer, within a few pixels (the grid's 2 px gaps). */
function expectSize(box: Box, viewer: Box, width: number, height: number): void {
  expect(Math.abs(box.width - viewer.width * width)).toBeLessThan(5);
  expect(Math.abs(box.height - viewer.height * height)).toBeLessThan(5);
}

const EXPECTED_SIZES: Record<LayoutName, Partial<Record<ViewerPane, [number, number]>>> = {
  '2x2': { axial: [1 / 2, 1 / 2], coronal: [1 / 2, 1 / 2], sagittal: [1 / 2, 1 / 2], '3d': [1 / 2, 1 / 2] },
  '1x3': { axial: [2 / 3, 1], coronal: [1 / 3, 1 / 2], sagittal: [1 / 3, 1 / 2] },
  axial: { axial: [1, 1] },
  '3d': { '3d': [1, 1] },
  'axial-3d': { axial: [1 / 2, 1], '3d': [1 / 2, 1] },
};

afterAll(() => closeSharedChromium());

describe('layouts, cine and the shortcut sheet', () => {
  let app: OpenedPage;
  let page: Page;
  let viewer: AppPage;
  beforeAll(async () => {
    app = await openPage(baseUrl, { path: null });
    page = app.page;
    viewer = new AppPage(page);
    await viewer.goto(baseUrl, '?sample');
    await viewer.waitForLoad();
    await page.waitForFunction(
      () =>
        (
          window as unknown as {
            ctViewer: { frames(): Array<{ panes: string[]; quality3d: string | null; finishedAt: number | null }> };
          }
        ).ctViewer
          .frames()
          .some((f) => f.panes.includes('3d') && f.quality3d === 'full' && f.finishedAt !== null),
      undefined,
      { timeout: 120_000 },
    );
    await waitForQuiet(viewer);
  });
  afterAll(() => app?.close());

  for (const layout of LAYOUT_NAMES) {
    it(`layout ${layout}: exactly its panes, at their sizes, drawn alone; scrolling and the 3D camera work in them`, async () => {
      const before = await viewer.lastFrameId();
      await page.getByTestId('layout').selectOption(layout);
      await waitForQuiet(viewer);
      const shown = LAYOUTS[layout].panes as readonly ViewerPane[];
      expect(await page.getByTestId('viewer').getAttribute('data-layout')).toBe(layout);
      const viewerBox = (await page.getByTestId('viewer').boundingBox())!;
      const visible: Box[] = [];
      for (const [pane, box] of await boxes(page)) {
        if (!shown.includes(pane)) {
          expect(box, `${pane} hidden in ${layout}`).toBeNull();
          continue;
        }
        expect(box, `${pane} shown in ${layout}`).not.toBeNull();
        const [width, height] = EXPECTED_SIZES[layout][pane]!;
        expectSize(box!, viewerBox, width, height);
        expect(box!.x).toBeGreaterThanOrEqual(viewerBox.x - 1);
        expect(box!.y + box!.height).toBeLessThanOrEqual(viewerBox.y + viewerBox.height + 1);
        visible.push(box!);
      }
      // No two panes overlap.
      for (const [i, a] of visible.entries()) {
        for (const b of visible.slice(i + 1)) {
          const apart =
            a.x + a.width <= b.x + 1 || b.x + b.width <= a.x + 1 || a.y + a.height <= b.y + 1 || b.y + b.height <= a.y + 1;
          expect(apart).toBe(true);
        }
      }
      // The layout change drew every pane it shows, and none of the others.
      expect(await drawnSince(viewer, before)).toEqual(PANES.filter((pane) => shown.includes(pane)));

      // A window change draws the slice panes shown, only.
      const beforeWindow = await viewer.lastFrameId();
      await viewer.setWindow(60, 500);
      // The input's own change on blur (same values) comes now, not in the middle of a later drag.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await waitForQuiet(viewer);
      expect(await drawnSince(viewer, beforeWindow)).toEqual(shown.filter((pane) => pane !== '3d'));

      if (shown.includes('axial')) {
        const axial = (await viewer.paneBox('axial'))!;
        const index = await viewer.sliceIndex('axial');
        const beforeScroll = await viewer.lastFrameId();
        await page.mouse.move(axial.x + axial.width / 2, axial.y + axial.height / 2);
        await page.mouse.wheel(0, 100);
        await expect.poll(() => viewer.sliceIndex('axial')).not.toBe(index);
        await waitForQuiet(viewer);
        expect(await drawnSince(viewer, beforeScroll)).toEqual(['axial']);
      }
      if (shown.includes('3d')) {
        const box = (await viewer.paneBox('3d'))!;
        const beforeDrag = await viewer.lastFrameId();
        const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
        await page.mouse.move(cx, cy);
        await page.mouse.down();
        for (let step = 1; step <= 6; step++) {
          await page.mouse.move(cx + step * 8, cy + step * 2);
          await page.waitForTimeout(40);
        }
        await page.mouse.up();
        await waitForQuiet(viewer, 1500);
        const drawn = await viewer.frames(beforeDrag);
        expect(drawn.some((f) => f.quality3d === 'full')).toBe(true);
        expect(drawn.map((f) => f.panes.join('+'))).toEqual(drawn.map(() => '3d'));
      }
    });
  }

  it('m maximises a pane within a layout and Escape gives the layout back; the layout key cycles the layouts', async () => {
    await page.getByTestId('layout').selectOption('1x3');
    await waitForQuiet(viewer);
    await page.getByTestId('view-coronal').focus();
    await page.keyboard.press('m');
    const viewerBox = (await page.getByTestId('viewer').boundingBox())!;
    expectSize((await viewer.paneBox('coronal'))!, viewerBox, 1, 1);
    expect(await page.getByTestId('view-axial').boundingBox()).toBeNull();
    await page.keyboard.press('Escape');
    expectSize((await viewer.paneBox('coronal'))!, viewerBox, 1 / 3, 1 / 2);
    expectSize((await viewer.paneBox('axial'))!, viewerBox, 2 / 3, 1);

    const seen: string[] = [];
    for (let i = 0; i < LAYOUT_NAMES.length; i++) {
      await page.keyboard.press('g');
      seen.push(await page.getByTestId('layout').inputValue());
    }
    expect(seen).toEqual(['axial', '3d', 'axial-3d', '2x2', '1x3']);
    // Typed into a field, the key is text, not a shortcut.
    await page.getByTestId('cine-fps').focus();
    await page.keyboard.press('g');
    expect(await page.getByTestId('layout').inputValue()).toBe('1x3');
    await page.getByTestId('layout').selectOption('2x2');
    await waitForQuiet(viewer);
  });

  it('cine advances data-slice-index of the active pane at its rate, looping, drawing only that pane; a scroll stops it', async () => {
    const axial = page.getByTestId('view-axial');
    const count = Number(await axial.getAttribute('data-slice-count'));
    expect(count).toBeGreaterThan(10);
    await axial.focus();
    await page.keyboard.press('End');
    await expect.poll(() => viewer.sliceIndex('axial')).toBe(count - 1);
    const coronal = await viewer.sliceIndex('coronal');
    const sagittal = await viewer.sliceIndex('sagittal');
    await waitForQuiet(viewer);
    await page.getByTestId('cine-fps').fill('8');
    await page.getByTestId('cine-fps').dispatchEvent('change');
    // Every value the attribute takes, with its time, recorded in the page (polling could miss some).
    await page.evaluate(() => {
      const pane = document.querySelector('[data-testid="view-axial"]') as HTMLElement;
      const seen: Array<[number, number]> = [[performance.now(), Number(pane.dataset.sliceIndex)]];
      (window as unknown as { cineSeen: typeof seen }).cineSeen = seen;
      new MutationObserver(() => {
        const index = Number(pane.dataset.sliceIndex);
        if (seen[seen.length - 1]![1] !== index) seen.push([performance.now(), index]);
      }).observe(pane, { attributes: true, attributeFilter: ['data-slice-index'] });
    });
    const before = await viewer.lastFrameId();
    await page.getByTestId('cine-play').click();
    expect(await axial.getAttribute('data-cine')).toBe('playing');
    await page.waitForTimeout(2500);
    const seen = await page.evaluate(() => (window as unknown as { cineSeen: Array<[number, number]> }).cineSeen);
    const indexes = seen.map(([, index]) => index);
    // From the last slice it loops to the first, then shows every slice in turn.
    expect(indexes[0]).toBe(count - 1);
    expect(indexes.slice(1)).toEqual(indexes.slice(1).map((_, i) => i));
    expect(indexes.length).toBeGreaterThan(5);
    // At most 8 slices a second (a software GPU under load may draw them slower: it never skips one).
    const seconds = (seen[seen.length - 1]![0] - seen[1]![0]) / 1000;
    const rate = (indexes.length - 2) / seconds;
    expect(rate).toBeLessThan(8 * 1.2);
    expect(rate).toBeGreaterThan(8 * 0.3);
    expect(await viewer.sliceIndex('coronal')).toBe(coronal);
    expect(await viewer.sliceIndex('sagittal')).toBe(sagittal);
    expect(await drawnSince(viewer, before)).toEqual(['axial']);

    const box = (await viewer.paneBox('axial'))!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -100);
    await expect.poll(() => axial.getAttribute('data-cine')).toBeNull();
    expect(await page.getByTestId('cine-play').textContent()).toBe('Play');
    const stopped = await viewer.sliceIndex('axial');
    await page.waitForTimeout(600);
    expect(await viewer.sliceIndex('axial')).toBe(stopped);

    // The key plays and pauses it too.
    await axial.focus();
    await page.keyboard.press('c');
    await expect.poll(() => viewer.sliceIndex('axial')).not.toBe(stopped);
    await page.keyboard.press('c');
    expect(await axial.getAttribute('data-cine')).toBeNull();
    await waitForQuiet(viewer);
  });

  it('? shows every key as text; Escape closes the sheet and leaves a maximised pane maximised', async () => {
    await page.getByTestId('view-axial').focus();
    await page.keyboard.press('m');
    expect(await page.getByTestId('viewer').getAttribute('class')).toContain('maximized');
    await page.keyboard.press('?');
    const sheet = page.getByTestId('shortcut-sheet');
    await expect.poll(() => sheet.isVisible()).toBe(true);
    const keys = await page.getByTestId('shortcut').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-keys')));
    expect(keys).toEqual(expect.arrayContaining(['?', 'g', 'c', 'm', 'r', 'Home / End', 'Escape']));
    // Text only: the cells hold no element but the key's <kbd>.
    const elements = await sheet.locator('tbody *').evaluateAll((all) => [...new Set(all.map((e) => e.tagName))].sort());
    expect(elements).toEqual(['KBD', 'TD', 'TR']);
    await page.keyboard.press('Escape');
    await expect.poll(() => sheet.isVisible()).toBe(false);
    expect(await page.getByTestId('viewer').getAttribute('class')).toContain('maximized');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('viewer').getAttribute('class')).not.toContain('maximized');
    expect(app.consoleErrors).toEqual([]);
  });
});
