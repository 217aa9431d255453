/**
 * Issue 17, oblique reslicing: an Alt-drag round the crosshair point in the axial pane turns the
 * crosshair axes; the coronal and sagittal planes turn with them about the axial normal (read from
 * `ctViewer.slicePlanes()`), stay orthogonal and through the crosshair point, draw another picture,
 * scroll along their turned normals; `o` or the reset button brings back the axis-aligned planes.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Vec3 } from '../../src/dicom/types';
import { angleBetween } from '../../src/math/rotation';
import { cross, dot, norm, sub } from '../../src/math/vec3';
import type { SlicePlaneState } from '../../src/views/reslicing';
import { PLANES } from '../../src/views/view-orientation';
import { AppPage, type SlicePane } from '../../scripts/browser/app-page';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { type OpenedPage, openPage } from '../../scripts/browser/open-page';
import { differingFraction, shoot } from './pixels';

const baseUrl = inject('baseUrl');
const PANES: SlicePane[] = ['axial', 'coronal', 'sagittal'];
const TURN_DEG = 30;
const rad = (deg: number) => (deg * Math.PI) / 180;

type Planes = Record<SlicePane, SlicePlaneState>;
const slicePlanes = (page: Page): Promise<Planes> =>
  page.evaluate(() => (window as unknown as { ctViewer: { slicePlanes(): Planes } }).ctViewer.slicePlanes());
const cursor = (page: Page): Promise<Vec3> =>
  page.evaluate(() => (window as unknown as { ctViewer: { cursor(): Vec3 } }).ctViewer.cursor());

afterAll(() => closeSharedChromium());

/**
 * A pane's picture without anything drawn over it (crosshair lines turn by design, the HU read-out
 * follows the pointer): the image itself is compared.
 */
async function shootImage(page: Page, pane: SlicePane) {
  const overlays = page.getByTestId(`view-${pane}`);
  const show = (visibility: string) =>
    overlays.evaluate((element, value) => {
      for (const child of Array.from(element.children)) (child as HTMLElement).style.visibility = value;
    }, visibility);
  await show('hidden');
  try {
    return await shoot(page, `view-${pane}`);
  } finally {
    await show('');
  }
}

/** Alt + drag from 120 px right of the crosshair round it by `degrees`, counter-clockwise on screen. */
async function altDragRound(viewer: AppPage, pane: SlicePane, degrees: number): Promise<void> {
  const { page } = viewer;
  const [cx, cy] = await viewer.worldToPage(pane, await cursor(page));
  const at = (deg: number): [number, number] => [cx + 120 * Math.cos(rad(deg)), cy - 120 * Math.sin(rad(deg))];
  await page.mouse.move(...at(0));
  await page.keyboard.down('Alt');
  await page.mouse.down();
  for (let step = 1; step <= 6; step++) await page.mouse.move(...at((degrees * step) / 6));
  await page.mouse.up();
  await page.keyboard.up('Alt');
  await viewer.settle();
}

function expectAxisAligned(planes: Planes): void {
  for (const pane of PANES) {
    PLANES[pane].direction.forEach((value, i) => expect(planes[pane].normal[i]).toBeCloseTo(value, 9));
    PLANES[pane].up.forEach((value, i) => expect(planes[pane].up[i]).toBeCloseTo(value, 9));
  }
}

describe('oblique reslicing', () => {
  let app: OpenedPage;
  let viewer: AppPage;
  beforeAll(async () => {
    app = await openPage(baseUrl, { path: null });
    viewer = new AppPage(app.page);
    await viewer.countTextureUploads();
    await viewer.goto(baseUrl, '?sample');
    await viewer.waitForLoad();
    await viewer.setCursor([10, 5, 1.25]);
  });
  afterAll(() => app?.close());

  it(`an Alt-drag of ${TURN_DEG}° in the axial pane turns the coronal and sagittal planes by it about the axial normal`, async () => {
    const { page } = app;
    const before = await slicePlanes(page);
    expectAxisAligned(before);
    const pictures = { coronal: await shoot(page, 'view-coronal'), sagittal: await shoot(page, 'view-sagittal') };
    const axialPicture = await shootImage(page, 'axial');
    const axialIndex = await viewer.sliceIndex('axial');
    const uploads = await viewer.textureUploads();

    await altDragRound(viewer, 'axial', TURN_DEG);
    const after = await slicePlanes(page);
    const point = await cursor(page);
    for (const pane of ['coronal', 'sagittal'] as const) {
      expect(angleBetween(after[pane].normal, before[pane].normal) * (180 / Math.PI)).toBeCloseTo(TURN_DEG, 0);
      // About the axial normal: still horizontal.
      expect(dot(after[pane].normal, [0, 0, 1])).toBeCloseTo(0, 9);
      expect(differingFraction(pictures[pane], await shoot(page, `view-${pane}`, `oblique-${pane}.png`))).toBeGreaterThan(0.01);
    }
    // Counter-clockwise on the axial screen (anterior up, patient left on the right) turns the coronal
    // normal (posterior, down on that screen) towards patient left (+x).
    expect(after.coronal.normal[0]).toBeGreaterThan(0);
    // The axial pane keeps its plane, its slice and its picture; only its crosshair lines turned.
    before.axial.normal.forEach((value, i) => expect(after.axial.normal[i]).toBeCloseTo(value, 9));
    expect(await viewer.sliceIndex('axial')).toBe(axialIndex);
    expect(differingFraction(axialPicture, await shootImage(page, 'axial'))).toBeLessThan(0.001);
    const line = page.getByTestId('view-axial').locator('line[data-plane="coronal"]');
    const [x1, y1, x2, y2] = await Promise.all(['x1', 'y1', 'x2', 'y2'].map(async (a) => Number(await line.getAttribute(a))));
    const slope = Math.atan2(-(y2! - y1!), x2! - x1!);
    expect(((slope % Math.PI) + Math.PI) % Math.PI).toBeCloseTo(rad(TURN_DEG), 1);
    // Orthogonal, and each through the crosshair point.
    expect(dot(after.axial.normal, after.coronal.normal)).toBeCloseTo(0, 9);
    expect(dot(after.axial.normal, after.sagittal.normal)).toBeCloseTo(0, 9);
    expect(dot(after.coronal.normal, after.sagittal.normal)).toBeCloseTo(0, 9);
    for (const pane of PANES) expect(Math.abs(dot(sub(point, after[pane].origin), after[pane].normal))).toBeLessThan(1e-6);
    // The turned coronal pane's right edge is oblique: patient left leaning anterior.
    expect(await page.getByTestId('view-coronal').locator('[data-edge="right"]').textContent()).toBe('LA');
    expect(await viewer.textureUploads()).toBe(uploads);
  });

  it('a turned pane scrolls along its turned normal and counts its slices there (data-slice-index)', async () => {
    const { page } = app;
    const start = await cursor(page);
    const index = await viewer.sliceIndex('coronal');
    const { normal } = (await slicePlanes(page)).coronal;
    await page.getByTestId('view-coronal').press('ArrowUp');
    await viewer.settle();
    expect(await viewer.sliceIndex('coronal')).toBe(index + 1);
    const moved = sub(await cursor(page), start);
    expect(norm(cross(moved, normal))).toBeLessThan(1e-6);
    expect(norm(moved)).toBeGreaterThan(0.5);
    expect(await page.getByTestId('view-coronal').textContent()).toContain('oblique =');
  });

  it('o in a pane, and the reset button, bring back the axis-aligned planes', async () => {
    const { page } = app;
    const coronalIndex = await viewer.sliceIndex('coronal');
    await page.getByTestId('view-axial').press('o');
    await viewer.settle();
    expectAxisAligned(await slicePlanes(page));
    expect(await page.getByTestId('view-coronal').locator('[data-edge="right"]').textContent()).toBe('L');
    expect(await page.getByTestId('view-coronal').textContent()).toContain('y =');
    expect(typeof coronalIndex).toBe('number');

    await page.evaluate(() =>
      (window as unknown as { ctViewer: { rotateAxes(p: string, d: number): void } }).ctViewer.rotateAxes('coronal', 20),
    );
    const tilted = await slicePlanes(page);
    expect(angleBetween(tilted.axial.normal, [0, 0, 1]) * (180 / Math.PI)).toBeCloseTo(20, 6);
    await page.getByTestId('oblique-reset').click();
    await viewer.settle();
    expectAxisAligned(await slicePlanes(page));
  });
});
