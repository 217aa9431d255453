/**
 * Issue 14, the structure of interaction (speed is the benchmark's): a slice scroll draws the slice
 * panes and never the 3D pane, and a 3D camera drag draws coarse 3D frames, then exactly one
 * full-quality frame once it ends. What a frame drew comes from the viewer's frame log (the one
 * place that tells vtk.js which renderers draw), with GPU-finished times from fences.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AppPage } from '../../scripts/browser/app-page';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { type OpenedPage, openPage } from '../../scripts/browser/open-page';
import type { FrameRecord } from '../../src/views/frame-log';

const baseUrl = inject('baseUrl');

const frames = (page: Page, afterId = 0) =>
  page.evaluate((id) => (window as unknown as { ctViewer: { frames(id: number): FrameRecord[] } }).ctViewer.frames(id), afterId);
const lastFrameId = (page: Page) =>
  page.evaluate(() => (window as unknown as { ctViewer: { lastFrameId(): number } }).ctViewer.lastFrameId());

/** Waits until no frame has been drawn for `quietMs` and every drawn frame is finished on the GPU. */
async function waitForQuiet(page: Page, quietMs = 600): Promise<void> {
  let last = -1;
  for (let tries = 0; tries < 200; tries++) {
    const id = await lastFrameId(page);
    const pending = (await frames(page, Math.max(0, id - 5))).some((f) => f.finishedAt === null);
    if (id === last && !pending) return;
    last = id;
    await page.waitForTimeout(quietMs);
  }
  throw new Error('the viewer kept drawing');
}

afterAll(() => closeSharedChromium());

describe('what an interaction draws', () => {
  let app: OpenedPage;
  let page: Page;
  beforeAll(async () => {
    app = await openPage(baseUrl, { path: null });
    page = app.page;
    const viewer = new AppPage(page);
    await viewer.goto(baseUrl, '?sample');
    await viewer.waitForLoad();
    await page.waitForFunction(
      () =>
        (window as unknown as { ctViewer: { frames(): FrameRecord[] } }).ctViewer
          .frames()
          .some((f) => f.panes.includes('3d') && f.quality3d === 'full' && f.finishedAt !== null),
      undefined,
      { timeout: 120_000 },
    );
    await waitForQuiet(page);
  });
  afterAll(() => app?.close());

  it("a new volume's first 3D image is a coarse one, refined by exactly one full-quality frame", async () => {
    const drawn3d = (await frames(page, 0)).filter((f) => f.panes.includes('3d'));
    expect(drawn3d.length).toBeGreaterThanOrEqual(2);
    expect(drawn3d[0]!.quality3d).toBe('interactive');
    expect(drawn3d.filter((f) => f.quality3d === 'full')).toHaveLength(1);
    expect(drawn3d[drawn3d.length - 1]!.quality3d).toBe('full');
  });

  it('20 slice scrolls with the 3D pane visible draw the scrolled pane, never the 3D pane', async () => {
    const start = await lastFrameId(page);
    const axial = page.getByTestId('view-axial');
    const box = (await axial.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const first = Number(await axial.getAttribute('data-slice-index'));
    for (let step = 0; step < 20; step++) {
      await page.mouse.wheel(0, step < 10 ? 100 : -100);
      await page.waitForTimeout(30);
    }
    await waitForQuiet(page);
    expect(Number(await axial.getAttribute('data-slice-index'))).toBe(first);
    const drawn = await frames(page, start);
    expect(drawn.length).toBeGreaterThan(0);
    // The coronal and sagittal slices stay what they were (their reference lines are overlays).
    expect(drawn.map((f) => f.panes.join('+'))).toEqual(drawn.map(() => 'axial'));
  });

  it('a window/level drag draws the pane under the hand first, the other slice panes in the frame after', async () => {
    const start = await lastFrameId(page);
    const box = (await page.getByTestId('view-axial').boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    const widthBefore = await page.getByTestId('wl-width').inputValue();
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let step = 1; step <= 6; step++) {
      await page.mouse.move(x + step * 8, y + step * 2);
      await page.waitForTimeout(120);
    }
    await page.mouse.up();
    await waitForQuiet(page);
    expect(await page.getByTestId('wl-width').inputValue()).not.toBe(widthBefore);
    const drawn = (await frames(page, start)).map((f) => f.panes.join('+'));
    expect(drawn[0]).toBe('axial');
    expect(drawn[1]).toMatch(/^(axial\+)?coronal\+sagittal$/);
    // Every pane ends with the new window; the 3D pane (a composite rendering) is not drawn for it.
    expect(drawn[drawn.length - 1]).toMatch(/coronal\+sagittal$/);
    expect(drawn.every((panes) => !panes.includes('3d'))).toBe(true);
  });

  it('a 3D camera drag draws coarse frames, then exactly one full-quality frame', async () => {
    const start = await lastFrameId(page);
    const box = (await page.getByTestId('view-3d').boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let step = 1; step <= 12; step++) {
      await page.mouse.move(cx + step * 6, cy + step * 2);
      await page.waitForTimeout(40);
    }
    await page.mouse.up();
    await waitForQuiet(page, 1500);
    const drawn = (await frames(page, start)).filter((f) => f.panes.includes('3d'));
    const full = drawn.filter((f) => f.quality3d === 'full');
    expect(drawn.some((f) => f.quality3d === 'interactive')).toBe(true);
    expect(full).toHaveLength(1);
    expect(drawn[drawn.length - 1]).toEqual(full[0]);
    // The camera drag drew the 3D pane only.
    expect((await frames(page, start)).every((f) => f.panes.length === 1 && f.panes[0] === '3d')).toBe(true);
  });
});
