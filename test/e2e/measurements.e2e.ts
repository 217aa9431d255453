/**
 * Issue 17, item 1: measurements drawn with the mouse in the slice panes of the generated sample,
 * checked against the phantom's known geometry and HU (src/phantom/phantom-model.ts).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Vec3 } from '../../src/math/vec3';
import { FAT_CENTRE, FAT_HU, SOFT_TISSUE_HU } from '../../src/phantom/phantom-model';
import { AppPage } from '../../scripts/browser/app-page';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { type OpenedPage, openPage } from '../../scripts/browser/open-page';

const baseUrl = inject('baseUrl');
/** The sample's in-plane spacing (mm): half of it is what a drawn length may be off by. */
const PIXEL_SPACING = 1.6;

async function openSample(options: object = {}): Promise<OpenedPage> {
  const app = await openPage(baseUrl, { path: null });
  const viewer = new AppPage(app.page);
  const query = Object.keys(options).length > 0 ? `?sample=${encodeURIComponent(JSON.stringify(options))}` : '?sample';
  await viewer.goto(baseUrl, query);
  await viewer.waitForLoad();
  await viewer.settle();
  return app;
}

/** The world z of the axial pane's plane (its origin lies on the slice it shows). */
async function axialZ(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (window as unknown as { ctViewer: { slicePlanes(): { axial: { origin: number[] } } } }).ctViewer.slicePlanes().axial
        .origin[2]!,
  );
}

const rows = (page: Page) => page.getByTestId('measurement');
const shapesIn = (page: Page, pane: string) =>
  page.locator(`[data-pane="${pane}"] [data-annotation-layer] [data-measurement-id]`);

async function lastRow(page: Page, kind: string): Promise<{ id: string; value: number; area: number | null }> {
  const row = page.locator(`[data-testid="measurement"][data-kind="${kind}"]`).last();
  const area = await row
    .locator('[data-area]')
    .getAttribute('data-area', { timeout: 1000 })
    .catch(() => null);
  return {
    id: (await row.getAttribute('data-id'))!,
    value: Number(await row.getAttribute('data-value')),
    area: area === null ? null : Number(area),
  };
}

/** A left drag in the axial pane between two world points (page coordinates from the pane's own projection). */
async function dragAxial(page: Page, from: Vec3, to: Vec3): Promise<void> {
  const viewer = new AppPage(page);
  const [x0, y0] = await viewer.worldToPage('axial', from);
  const [x1, y1] = await viewer.worldToPage('axial', to);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x1, y1, { steps: 6 });
  await page.mouse.up();
}

afterAll(async () => {
  await closeSharedChromium();
});

describe.each([
  ['axis-aligned', {}],
  ['oblique [20, −15, 30]°', { obliqueDeg: [20, -15, 30] }],
])('measurements on the %s sample', (_, options) => {
  let app: OpenedPage;
  let z: number;
  beforeAll(async () => {
    app = await openSample(options);
    z = await axialZ(app.page);
  }, 180_000);
  afterAll(async () => app?.close());

  it('a length between two known points equals their distance within half a voxel; its label follows zoom', async () => {
    const { page } = app;
    await page.getByTestId('tool-length').click();
    expect(await page.getByTestId('tool-length').getAttribute('aria-pressed')).toBe('true');
    const a: Vec3 = [-50, 10, z];
    const b: Vec3 = [-10, 40, z];
    await dragAxial(page, a, b);
    const { id, value } = await lastRow(page, 'length');
    expect(Math.abs(value - 50), `${value} mm`).toBeLessThan(PIXEL_SPACING / 2);
    const shape = page.locator(`[data-pane="axial"] [data-measurement-id="${id}"]`);
    await expect.poll(() => shape.locator('text').textContent()).toMatch(/^\d+\.\d mm$/);

    // Zoomed in about the pane centre: the handle is drawn where the end point now is.
    const axial = page.getByTestId('view-axial');
    const box = (await axial.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -300);
    await page.keyboard.up('Control');
    await new AppPage(page).settle();
    const [bx, by] = await new AppPage(page).worldToPage('axial', b);
    const handle = shape.locator('[data-handle="1"]');
    expect(Math.abs(box.x + Number(await handle.getAttribute('cx')) - bx)).toBeLessThan(1);
    expect(Math.abs(box.y + Number(await handle.getAttribute('cy')) - by)).toBeLessThan(1);
    await axial.press('r');
  });

  it('an angle of known size within 1°: drag one arm, click the end of the other', async () => {
    const { page } = app;
    await page.getByTestId('tool-angle').click();
    const vertex: Vec3 = [10, -20, z];
    const t = (60 * Math.PI) / 180;
    const first: Vec3 = [vertex[0] + 45, vertex[1], z];
    const third: Vec3 = [vertex[0] + 45 * Math.cos(t), vertex[1] + 45 * Math.sin(t), z];
    await dragAxial(page, first, vertex);
    const [x, y] = await new AppPage(page).worldToPage('axial', third);
    await page.mouse.move(x, y, { steps: 4 });
    await page.mouse.click(x, y);
    const { value } = await lastRow(page, 'angle');
    expect(Math.abs(value - 60), `${value}°`).toBeLessThanOrEqual(1);
  });

  it('an ellipse inside the fat sphere and one in soft tissue give their HU ±1 and area ±5 %', async () => {
    const { page } = app;
    await page.getByTestId('tool-ellipse').click();
    for (const [centre, hu] of [
      [FAT_CENTRE, FAT_HU],
      [[25, 25, 0], SOFT_TISSUE_HU],
    ] as Array<[Vec3, number]>) {
      await dragAxial(page, [centre[0] - 12, centre[1] - 8, z], [centre[0] + 12, centre[1] + 8, z]);
      const { value, area } = await lastRow(page, 'ellipse');
      const text = await page.locator('[data-testid="measurement"][data-kind="ellipse"]').last().textContent();
      expect(Math.abs(value - hu), `${value} HU: ${text}`).toBeLessThanOrEqual(1);
      expect(Math.abs(area! / (Math.PI * 12 * 8) - 1), `${area} mm²`).toBeLessThan(0.05);
    }
  });

  it('a rectangle in soft tissue, a probe in fat; a handle dragged measures again; CSV export lists them all', async () => {
    const { page } = app;
    await page.getByTestId('tool-rectangle').click();
    await dragAxial(page, [0, -40, z], [24, -24, z]);
    const rectangle = await lastRow(page, 'rectangle');
    expect(Math.abs(rectangle.value - SOFT_TISSUE_HU), `${rectangle.value} HU`).toBeLessThanOrEqual(1);
    expect(Math.abs(rectangle.area! / (24 * 16) - 1), `${rectangle.area} mm²`).toBeLessThan(0.05);

    await page.getByTestId('tool-probe').click();
    const [px, py] = await new AppPage(page).worldToPage('axial', [FAT_CENTRE[0] + 5, FAT_CENTRE[1] - 5, z]);
    await page.mouse.click(px, py);
    const probe = await lastRow(page, 'probe');
    expect(Math.abs(probe.value - FAT_HU), `${probe.value} HU`).toBeLessThanOrEqual(1);

    // The first length's far end dragged by its handle (no tool needed) to a new known point.
    await page.keyboard.press('Escape');
    const length = page.locator('[data-testid="measurement"][data-kind="length"]').first();
    const id = (await length.getAttribute('data-id'))!;
    const c: Vec3 = [-50, 50, z];
    await dragAxial(page, [-10, 40, z], c);
    await expect.poll(async () => Number(await length.getAttribute('data-value'))).toBeCloseTo(40, 0);
    expect(Math.abs(Number(await length.getAttribute('data-value')) - 40)).toBeLessThan(PIXEL_SPACING / 2);
    expect(await length.getAttribute('data-id')).toBe(id);
    await page.screenshot({ path: `test-artifacts/measurements-${Object.keys(options).length ? 'oblique' : 'axial'}.png` });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-measurements-csv').click()]);
    expect(download.suggestedFilename()).toBe('measurements.csv');
    const csv = readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(csv[0]).toMatch(/^"id","type","value","unit","slice"/);
    expect(csv.length - 1).toBe(await rows(page).count());
    const lengthValue = await length.getAttribute('data-value');
    expect(csv.some((line) => line.startsWith(`"${id}","Length","${lengthValue}","mm"`))).toBe(true);
  });

  it('a measurement is shown in its own slice only; Delete deletes the selected one; Escape gives W/L back', async () => {
    const { page } = app;
    const viewer = new AppPage(page);
    const count = await rows(page).count();
    const onSlice = await shapesIn(page, 'axial').count();
    expect(onSlice).toBe(count);
    const axial = page.getByTestId('view-axial');
    await axial.press('ArrowUp');
    await viewer.settle();
    const left = await shapesIn(page, 'axial').evaluateAll((shapes) => shapes.map((g) => g.outerHTML));
    expect(left, `slice ${await viewer.sliceIndex('axial')}`).toEqual([]);
    expect(await rows(page).count()).toBe(count);
    await axial.press('ArrowDown');
    await viewer.settle();
    expect(await shapesIn(page, 'axial').count()).toBe(count);

    // The last ellipse drawn, selected by a click on its outline (no tool is active: Escape above).
    const { id } = await lastRow(page, 'ellipse');
    const [ex, ey] = await viewer.worldToPage('axial', [25 + 12, 25, z]);
    await page.mouse.click(ex, ey);
    await expect
      .poll(() => page.locator(`[data-testid="measurement"][data-id="${id}"]`).getAttribute('aria-selected'))
      .toBe('true');
    await axial.press('Delete');
    await expect.poll(() => rows(page).count()).toBe(count - 1);
    expect(await page.locator(`[data-testid="measurement"][data-id="${id}"]`).count()).toBe(0);
    expect(await page.locator(`[data-measurement-id="${id}"]`).count()).toBe(0);

    await page.keyboard.press('Escape');
    expect(await page.getByTestId('tool-ellipse').getAttribute('aria-pressed')).toBe('false');
    const width = await page.getByTestId('wl-width').inputValue();
    await dragAxial(page, [-40, -30, z], [0, -30, z]);
    await viewer.settle();
    expect(await rows(page).count()).toBe(count - 1);
    expect(await page.getByTestId('wl-width').inputValue()).not.toBe(width);
    expect(app.consoleErrors).toEqual([]);
  });
});

describe('measurements in a turned (oblique) slice pane', () => {
  let app: OpenedPage;
  beforeAll(async () => {
    app = await openSample();
  }, 180_000);
  afterAll(async () => app?.close());

  it('a length and an ellipse in the coronal pane turned by 25° and 20°: exact in world space', async () => {
    const { page } = app;
    const viewer = new AppPage(page);
    // The crosshair through the fat sphere's centre, the axes turned in two panes: the coronal plane is oblique.
    await viewer.setCursor([...FAT_CENTRE]);
    await page.evaluate(() => {
      const hooks = (window as unknown as { ctViewer: { rotateAxes(pane: string, degrees: number): void } }).ctViewer;
      hooks.rotateAxes('axial', 25);
      hooks.rotateAxes('sagittal', 20);
    });
    await viewer.settle();
    type Plane = { origin: Vec3; right: Vec3; up: Vec3; normal: Vec3 };
    const plane = await page.evaluate(
      () => (window as unknown as { ctViewer: { slicePlanes(): { coronal: Plane } } }).ctViewer.slicePlanes().coronal,
    );
    expect(Math.max(...plane.normal.map((c) => 1 - Math.abs(c)))).toBeGreaterThan(0.05);
    expect(Math.min(...plane.normal.map((c) => 1 - Math.abs(c)))).toBeGreaterThan(0.05);
    // In-plane points about the plane's own point nearest the fat centre.
    const d = FAT_CENTRE.reduce((sum, c, i) => sum + (c - plane.origin[i]!) * plane.normal[i]!, 0);
    const centre = FAT_CENTRE.map((c, i) => c - d * plane.normal[i]!) as Vec3;
    const at = (r: number, u: number): Vec3 => centre.map((c, i) => c + r * plane.right[i]! + u * plane.up[i]!) as Vec3;
    const drag = async (from: Vec3, to: Vec3) => {
      const [x0, y0] = await viewer.worldToPage('coronal', from);
      const [x1, y1] = await viewer.worldToPage('coronal', to);
      await page.mouse.move(x0, y0);
      await page.mouse.down();
      await page.mouse.move(x1, y1, { steps: 6 });
      await page.mouse.up();
    };

    await page.getByTestId('tool-length').click();
    await drag(at(-30, 10), at(10, -20));
    const length = await lastRow(page, 'length');
    expect(Math.abs(length.value - 50), `${length.value} mm`).toBeLessThan(PIXEL_SPACING / 2);

    await page.getByTestId('tool-ellipse').click();
    await drag(at(-12, -8), at(12, 8));
    const ellipse = await lastRow(page, 'ellipse');
    expect(Math.abs(ellipse.value - FAT_HU), `${ellipse.value} HU`).toBeLessThanOrEqual(1);
    expect(Math.abs(ellipse.area! / (Math.PI * 12 * 8) - 1), `${ellipse.area} mm²`).toBeLessThan(0.05);
    // Shown in the coronal pane it was drawn in; the turned axial pane cuts it, so not there.
    expect(await shapesIn(page, 'coronal').count()).toBe(2);
    expect(await page.locator(`[data-pane="axial"] [data-measurement-id="${ellipse.id}"]`).count()).toBe(0);
    await page.screenshot({ path: 'test-artifacts/measurements-turned.png' });
  });
});
