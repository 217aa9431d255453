/**
 * Issue 17, thick slab: a 10 mm MIP slab drawn by the reslice mappers from the same 3D texture shows
 * much more of the phantom's thin oblique rod than the thin slice (pixels read back from the pane),
 * MinIP hides it and mean lies between; the corner text names the slab; no texture is uploaded and
 * only the slice panes are drawn.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Vec3 } from '../../src/dicom/types';
import { ROD_END, ROD_START } from '../../src/phantom/phantom-model';
import { AppPage, type SlicePane } from '../../scripts/browser/app-page';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { type OpenedPage, openPage } from '../../scripts/browser/open-page';
import { differingFraction, rgbAt, shoot } from './pixels';

const baseUrl = inject('baseUrl');
const SLICE_PANES: SlicePane[] = ['axial', 'coronal', 'sagittal'];
/** Wide enough that neither the rod (1500 HU) nor a slab's mean over it saturates. */
const WINDOW = { center: 700, width: 2000 };
/** Grey level above which a pixel counts as the rod (soft tissue draws at about 43, the rod at about 229). */
const ROD_GREY = 150;

afterAll(() => closeSharedChromium());

/** Grey levels along the rod's in-plane track in the axial pane, at the slice through z. */
async function alongRod(viewer: AppPage, z: number): Promise<number[]> {
  const picture = await shoot(viewer.page, 'view-axial');
  const greys: number[] = [];
  for (let x = ROD_START[0] + 3; x <= ROD_END[0] - 3; x += 1) {
    const [px, py] = await viewer.worldToPage('axial', [x, ROD_START[1], z]);
    greys.push(rgbAt(picture, px, py)[0]);
  }
  return greys;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const bright = (values: number[]) => values.filter((v) => v > ROD_GREY).length;

async function setThickness(page: Page, mm: string): Promise<void> {
  await page.getByTestId('slab-thickness').fill(mm);
  await page.getByTestId('slab-thickness').dispatchEvent('change');
}

describe('thick slab in the slice panes', () => {
  let app: OpenedPage;
  let viewer: AppPage;
  /**
   * 1 mm slices, finer than the 2 mm rod, so that every slice it passes through holds a piece of it
   * (with the default 2.5 mm the phantom, sampled at voxel centres, leaves gaps between the pieces).
   * z: an axial slice position (centres at k − 31.5 mm) cutting the rod near the volume centre.
   */
  const sample = { rod: true, sliceSpacing: 1 };
  const z = 0.5;
  beforeAll(async () => {
    app = await openPage(baseUrl, { path: null });
    viewer = new AppPage(app.page);
    await viewer.countTextureUploads();
    await viewer.goto(baseUrl, `?sample=${encodeURIComponent(JSON.stringify(sample))}`);
    await viewer.waitForLoad();
    await viewer.setCursor([5, ROD_START[1], z] as Vec3);
    await viewer.setWindow(WINDOW.center, WINDOW.width);
    // The load's own 3D frames (coarse, then full) are done before the slab is touched.
    await app.page.waitForFunction(
      () =>
        (window as unknown as { ctViewer: { frames(): Array<{ panes: string[]; quality3d: string | null }> } }).ctViewer
          .frames()
          .some((f) => f.panes.includes('3d') && f.quality3d === 'full'),
      undefined,
      { timeout: 120_000 },
    );
    await viewer.settle();
  });
  afterAll(() => app?.close());

  it('a 10 mm MIP shows the thin oblique rod brighter and longer than the thin slice, MinIP darker, mean between; no upload', async () => {
    const { page } = app;
    const thin = await alongRod(viewer, z);
    const thinPicture = await shoot(page, 'view-axial', 'slab-thin-axial.png');
    // The thin slice cuts only a short piece of the rod.
    expect(bright(thin)).toBeGreaterThan(3);
    expect(bright(thin)).toBeLessThan(thin.length / 3);
    const uploads = await viewer.textureUploads();
    expect(uploads).toBeGreaterThan(0);
    const firstFrame = await viewer.lastFrameId();

    await setThickness(page, '10');
    await viewer.settle();
    expect(await page.getByTestId('slab-mode').inputValue()).toBe('max');
    const mip = await alongRod(viewer, z);
    await shoot(page, 'view-axial', 'slab-mip10-axial.png');
    expect(sum(mip)).toBeGreaterThan(sum(thin) * 1.5);
    expect(Math.max(...mip)).toBeGreaterThanOrEqual(Math.max(...thin));
    // Ten millimetres of a rod rising 11 mm over 110 mm: most of its track.
    expect(bright(mip)).toBeGreaterThan(thin.length * 0.7);
    for (const pane of SLICE_PANES) {
      expect(await page.getByTestId(`view-${pane}`).getByTestId('slab-label').textContent()).toBe('MIP 10 mm');
    }

    // The slab is as thick as asked: at 4 mm the rod (rising 0.1 mm per mm) is bright where its axis lies
    // within 2 mm of the plane, plus its own half-thickness (about 0.6 mm where the pane's row cuts it):
    // some 52 mm of track. (vtk.js as shipped gathers almost twice the thickness: see slab-shader-fix.ts.)
    await setThickness(page, '4');
    await viewer.settle();
    const mip4 = await alongRod(viewer, z);
    expect(bright(mip4)).toBeGreaterThan(40);
    expect(bright(mip4)).toBeLessThan(64);
    await setThickness(page, '10');

    await page.getByTestId('slab-mode').selectOption('min');
    await viewer.settle();
    const minip = await alongRod(viewer, z);
    expect(await page.getByTestId('view-axial').getByTestId('slab-label').textContent()).toBe('MinIP 10 mm');
    expect(bright(minip)).toBe(0);
    expect(sum(minip)).toBeLessThan(sum(thin));

    await page.getByTestId('slab-mode').selectOption('mean');
    await viewer.settle();
    const mean = await alongRod(viewer, z);
    expect(await page.getByTestId('view-axial').getByTestId('slab-label').textContent()).toBe('Mean 10 mm');
    expect(sum(mean)).toBeGreaterThan(sum(minip));
    expect(sum(mean)).toBeLessThan(sum(mip));

    // Back to the thin slice: the same picture as before, and no label.
    await setThickness(page, '');
    await viewer.settle();
    expect(await page.getByTestId('slab-mode').inputValue()).toBe('off');
    expect(await page.getByTestId('view-axial').getByTestId('slab-label').textContent()).toBe('');
    expect(differingFraction(thinPicture, await shoot(page, 'view-axial'), 2)).toBeLessThan(0.001);

    // All of it through the mappers' programs: the volume texture was not sent again, the 3D pane not drawn.
    expect(await viewer.textureUploads()).toBe(uploads);
    const drawn = await viewer.frames(firstFrame);
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.filter((f) => f.panes.includes('3d'))).toEqual([]);
  });

  it("the slab follows each pane's plane: a 30 mm MIP changes the sagittal picture too", async () => {
    const { page } = app;
    const before = await shoot(page, 'view-sagittal');
    await setThickness(page, '30');
    await page.getByTestId('slab-mode').selectOption('max');
    await viewer.settle();
    expect(await page.getByTestId('view-sagittal').getByTestId('slab-label').textContent()).toBe('MIP 30 mm');
    // The sagittal MIP through x = 5 ± 15 mm gathers the rod's cross-sections of 30 mm of its length.
    expect(differingFraction(before, await shoot(page, 'view-sagittal'))).toBeGreaterThan(0.0005);
    await setThickness(page, '0');
    await viewer.settle();
  });
});
