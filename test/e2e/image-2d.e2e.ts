/**
 * Issue #16 item 6: series that are not volumes (a scout, secondary captures, RGB pages, one slice)
 * open in 2D. Grey levels and colours are read back from real screenshots of Debian Chromium
 * (SwiftShader WebGL2) and compared with the files' own values, decoded here in Node.
 */
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parseHeader } from '../../src/dicom/parse-header';
import { readStoredPixels } from '../../src/dicom/stored-pixels';
import { readStoredRgb } from '../../src/dicom/stored-rgb';
import { sourceFromPath } from '../../src/sources/node-files';
import { type WindowLevel, greyLevel } from '../../src/views/window-presets';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { openPage } from '../../scripts/browser/open-page';
import { scratchDir } from '../helpers/scratch-dir';
import { sharedCt } from '../helpers/shared-data';
import { setWindow, settle, waitForLoad } from './app-driver';
import { type Picture, differingFraction, litFraction, rgbAt, shoot } from './pixels';

const baseUrl = inject('baseUrl');
const scratch = scratchDir('ct-e2e-image-2d-');

afterAll(async () => {
  await closeSharedChromium();
});

/** A file's header and its values as the file stores them: HU for greyscale, interleaved RGB for colour. */
async function fileValues(path: string) {
  const source = sourceFromPath(path, statSync(path).size, join(path, '..'));
  const parsed = await parseHeader(source);
  if (!parsed.ok) throw new Error(parsed.skipped.reason);
  const { header } = parsed;
  const bytes = await source.readAll();
  const stored = readStoredPixels(bytes, header);
  const hu = stored ? Float64Array.from(stored, (s) => s * header.rescaleSlope + header.rescaleIntercept) : null;
  return { header, hu, rgb: readStoredRgb(bytes, header) };
}

/** Where the page draws pixel (i, j)'s centre, from the pane's `data-image-transform`. */
async function imageMapping(page: Page): Promise<(i: number, j: number) => [number, number]> {
  const pane = page.getByTestId('view-image2d');
  const box = (await pane.boundingBox())!;
  const [ox, oy, dx, dy] = (await pane.getAttribute('data-image-transform'))!.split(',').map(Number) as [
    number,
    number,
    number,
    number,
  ];
  return (i, j) => [box.x + ox + i * dx, box.y + oy + j * dy];
}

type Box = { x: number; y: number; width: number; height: number };

/** The pane's text, scale bar and slider: drawn over the image, so no pixel under them is compared. */
async function overlayBoxes(page: Page): Promise<(x: number, y: number) => boolean> {
  const boxes = (await page
    .getByTestId('view-image2d')
    .locator('.overlay-text, .pane-title, .scale-bar, .slice-slider')
    .evaluateAll((elements) =>
      elements.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.getBoundingClientRect().toJSON()),
    )) as Box[];
  return (x, y) => boxes.some((b) => x >= b.x - 2 && x <= b.x + b.width + 2 && y >= b.y - 2 && y <= b.y + b.height + 2);
}

async function waitForImage(page: Page, index: number): Promise<void> {
  await page.waitForFunction(
    (i) => document.querySelector('[data-testid="view-image2d"]')?.getAttribute('data-slice-index') === String(i),
    index,
    { timeout: 60_000 },
  );
  await settle(page);
}

/**
 * Compares the pane's grey levels with floor((HU − (WC − WW/2)) / WW · 255) at the centres of image
 * pixels whose 3×3 neighbourhood maps to one or two grey levels (the display interpolates between
 * pixels); returns how many were compared and the range of greys they covered.
 */
function checkGreys(
  picture: Picture,
  toPage: (i: number, j: number) => [number, number],
  hu: ArrayLike<number>,
  size: [number, number],
  window: WindowLevel,
  step: number,
  covered: (x: number, y: number) => boolean,
): { compared: number; greys: [number, number]; worst: string } {
  const [width, height] = size;
  let compared = 0;
  let low = 255;
  let high = 0;
  let worst = '';
  for (let j = 2; j < height - 2; j += step) {
    for (let i = 2; i < width - 2; i += step) {
      let min = 255;
      let max = 0;
      for (let v = -1; v <= 1; v++) {
        for (let u = -1; u <= 1; u++) {
          const grey = greyLevel(hu[(j + v) * width + i + u]!, window);
          min = Math.min(min, grey);
          max = Math.max(max, grey);
        }
      }
      if (max - min > 1) continue;
      const [x, y] = toPage(i, j);
      if (covered(x, y)) continue;
      const [r, g, b] = rgbAt(picture, x, y);
      compared++;
      low = Math.min(low, min);
      high = Math.max(high, max);
      const off = r < min - 1 || r > max + 1 || Math.abs(r - g) > 1 || Math.abs(r - b) > 1;
      if (off && !worst) worst = `pixel (${i}, ${j}): drawn ${r},${g},${b}, expected ${min}…${max}`;
    }
  }
  return { compared, greys: [low, high], worst };
}

describe('series that are not volumes open in 2D', () => {
  it('shows the scout, the summary pages in colour, steps image by image; series 201 brings the 4 panes back', async () => {
    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;
    const root = sharedCt('philips-phantom-tilt');
    await page.getByTestId('open-folder').setInputFiles(root);
    await expect.poll(() => page.getByTestId('load-state').getAttribute('data-state'), { timeout: 60_000 }).toBe('idle');
    expect(await page.getByTestId('load-state').textContent()).toContain('choose one');

    // The scout: 512×256 greyscale CT, window from its tags.
    await page.locator('[data-testid="series-item"][data-series-number="100"]').click();
    expect(await waitForLoad(page)).toContain('shown in 2D');
    expect(await page.getByTestId('viewer').getAttribute('data-view-mode')).toBe('image2d');
    await waitForImage(page, 0);
    const scout = await fileValues(join(root, 'S1000', 'I10'));
    const window = { center: scout.header.windowCenter!, width: scout.header.windowWidth! };
    expect(window).toEqual({ center: -670.805, width: 2061.63571675619 });
    const pane = page.getByTestId('view-image2d');
    expect(await pane.getAttribute('data-slice-count')).toBe('1');
    expect([await pane.getAttribute('data-image-width'), await pane.getAttribute('data-image-height')]).toEqual(['512', '256']);
    const toPage = await imageMapping(page);
    const picture = await shoot(page, 'view-image2d', 'image2d-scout.png');
    const covered = await overlayBoxes(page);
    const greys = checkGreys(picture, toPage, scout.hu!, [512, 256], window, 3, covered);
    expect(greys.worst).toBe('');
    expect(greys.compared).toBeGreaterThan(500);
    // The scout is pale at its own window: air at 83, the head up to about 115.
    expect(greys.greys[1] - greys.greys[0], 'the compared pixels span air to the head').toBeGreaterThan(25);
    // A window set through the inputs applies as to a volume.
    const narrow = { center: -700, width: 1000 };
    await setWindow(page, narrow.center, narrow.width);
    const narrowGreys = checkGreys(await shoot(page, 'view-image2d'), toPage, scout.hu!, [512, 256], narrow, 3, covered);
    expect(narrowGreys.worst).toBe('');
    expect(narrowGreys.compared).toBeGreaterThan(1000);
    expect(narrowGreys.greys[1] - narrowGreys.greys[0]).toBeGreaterThan(100);
    // Outside the image the pane is black.
    const [left] = toPage(-0.5, 128);
    expect(rgbAt(picture, left - 3, toPage(0, 128)[1])).toEqual([0, 0, 0]);

    // The 3D pane says why it is empty; the other slice panes are gone; pixel spacing and scale.
    expect(await page.getByTestId('view-3d').textContent()).toContain('A single image: no volume to render');
    for (const name of ['axial', 'coronal', 'sagittal']) expect(await page.getByTestId(`view-${name}`).isVisible()).toBe(false);
    const info = (await page.getByTestId('image2d-info').textContent())!;
    expect(info).toContain('500.0 × 250.0 mm');
    expect(info).toContain('0.977 × 0.977 mm/px');
    const scale = page.getByTestId('image2d-scale');
    expect(await scale.isVisible()).toBe(true);
    const [mm, px] = [Number(await scale.getAttribute('data-mm')), Number(await scale.getAttribute('data-px'))];
    const [x0] = toPage(0, 0);
    const [x1] = toPage(100, 0);
    expect(px / mm).toBeCloseTo((x1 - x0) / (100 * 0.9765625), 3);

    // HU under the cursor.
    const [hx, hy] = toPage(256, 128);
    await page.mouse.move(hx, hy);
    expect(await page.getByTestId('image2d-readout').textContent()).toContain(`${scout.hu![128 * 512 + 256]} HU`);

    // A W/L drag changes the picture and the window inputs.
    await page.mouse.down();
    await page.mouse.move(hx + 60, hy + 30, { steps: 4 });
    await page.mouse.up();
    await settle(page);
    expect(await page.getByTestId('wl-width').inputValue()).not.toBe('1000');
    expect(differingFraction(picture, await shoot(page, 'view-image2d'))).toBeGreaterThan(0.05);
    // "DICOM default" returns to the image's own window.
    await page.getByTestId('wl-preset').selectOption('dicom');
    await settle(page);
    expect(Number(await page.getByTestId('wl-center').inputValue())).toBeCloseTo(window.center, 1);
    expect(Number(await page.getByTestId('wl-width').inputValue())).toBeCloseTo(window.width, 1);

    // Series 401: five images, two grey copies of the scout, then three RGB pages 650 wide.
    // The index lists its 512×256 part apart from its 650-wide pages; opened from that part, it starts at image 1.
    await page.locator('[data-testid="series-item"][data-series-number="401"]').filter({ hasText: '512×256' }).click();
    expect(await waitForLoad(page)).toContain('image 1 / 5');
    await waitForImage(page, 0);
    expect(await pane.getAttribute('data-slice-count')).toBe('5');
    expect(await page.getByTestId('view-3d').textContent()).toContain('5 separate images: no volume to render');
    const box = (await pane.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 100);
    await waitForImage(page, 1);
    await page.mouse.wheel(0, 100);
    await waitForImage(page, 2);
    expect(await pane.getAttribute('data-image-kind')).toBe('rgb');
    expect([await pane.getAttribute('data-image-width'), await pane.getAttribute('data-image-height')]).toEqual(['650', '741']);
    const page30 = await fileValues(join(root, 'S4010', 'I30'));
    const colour = await shoot(page, 'view-image2d', 'image2d-rgb.png');
    const rgbToPage = await imageMapping(page);
    const rgbCovered = await overlayBoxes(page);
    let compared = 0;
    let coloured = 0;
    let wrong = '';
    for (let j = 2; j < 741 - 2; j += 4) {
      for (let i = 2; i < 650 - 2; i += 4) {
        const at = (u: number, v: number) =>
          Array.from(page30.rgb!.subarray(((j + v) * 650 + i + u) * 3, ((j + v) * 650 + i + u) * 3 + 3));
        const centre = at(0, 0);
        const uniform = [-1, 0, 1].every((v) => [-1, 0, 1].every((u) => at(u, v).every((c, k) => c === centre[k])));
        if (!uniform) continue;
        const [x, y] = rgbToPage(i, j);
        if (rgbCovered(x, y)) continue;
        const drawn = rgbAt(colour, x, y);
        compared++;
        if (Math.max(...centre) - Math.min(...centre) > 20) coloured++;
        if (drawn.some((c, k) => Math.abs(c - centre[k]!) > 2) && !wrong)
          wrong = `(${i}, ${j}): drawn ${drawn}, stored ${centre}`;
      }
    }
    expect(wrong).toBe('');
    expect(compared).toBeGreaterThan(1000);
    // The page's header bar is dark blue (21, 39, 64): colour, not grey.
    expect(coloured, 'compared pixels of a colour').toBeGreaterThan(20);
    let redNotGreen = 0;
    for (let k = 0; k < colour.data.length; k += 4) if (Math.abs(colour.data[k]! - colour.data[k + 1]!) > 10) redNotGreen++;
    expect(redNotGreen, 'pane pixels whose red and green differ').toBeGreaterThan(5000);
    expect(await page.getByTestId('image2d-info').textContent()).toContain('pixel spacing unknown');
    expect(await page.getByTestId('image2d-scale').isVisible()).toBe(false);

    // The slider steps too: the next page, 650×512, another picture.
    await pane.locator('.slice-slider').fill('3');
    await waitForImage(page, 3);
    expect([await pane.getAttribute('data-image-width'), await pane.getAttribute('data-image-height')]).toEqual(['650', '512']);
    expect(differingFraction(colour, await shoot(page, 'view-image2d'))).toBeGreaterThan(0.05);

    // The next volume: the four panes are back.
    await page.locator('[data-testid="series-item"][data-series-number="201"]').click();
    expect(await waitForLoad(page)).toContain('voxels ready');
    await settle(page);
    expect(await page.getByTestId('viewer').getAttribute('data-view-mode')).toBe('volume');
    expect(await pane.isVisible()).toBe(false);
    for (const name of ['axial', 'coronal', 'sagittal', '3d']) {
      expect(litFraction(await shoot(page, `view-${name}`, `image2d-after-${name}.png`)), name).toBeGreaterThan(0.03);
    }
    expect(await page.getByTestId('view-3d').textContent()).not.toContain('no volume to render');
    expect(app.offOriginRequests).toEqual([]);
    expect(await app.mainThreadWasm()).toBe(0);
    await app.close();
  });

  it('opens a folder holding one CT slice in 2D at its tag window, then a whole series in 4 panes', async () => {
    const slice = join(sharedCt('philips-head'), 'I100');
    const folder = join(scratch, 'one-slice');
    mkdirSync(folder);
    copyFileSync(slice, join(folder, 'I100'));
    const values = await fileValues(slice);
    const window = { center: values.header.windowCenter!, width: values.header.windowWidth! };
    expect(window).toEqual({ center: 40, width: 80 });

    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;
    await page.getByTestId('open-folder').setInputFiles(folder);
    expect(await waitForLoad(page)).toContain('shown in 2D');
    await waitForImage(page, 0);
    expect(await page.getByTestId('viewer').getAttribute('data-view-mode')).toBe('image2d');
    expect(await page.getByTestId('view-3d').textContent()).toContain('A single image: no volume to render (single image)');
    expect(await page.getByTestId('wl-center').inputValue()).toBe('40');
    expect(await page.getByTestId('wl-width').inputValue()).toBe('80');
    const picture = await shoot(page, 'view-image2d', 'image2d-one-slice.png');
    const greys = checkGreys(picture, await imageMapping(page), values.hu!, [512, 512], window, 6, await overlayBoxes(page));
    expect(greys.worst).toBe('');
    expect(greys.compared).toBeGreaterThan(500);
    // Brain window: black air and white bone, and brain in between.
    expect(greys.greys).toEqual([0, 255]);

    await page.getByTestId('open-folder').setInputFiles(sharedCt('philips-head'));
    expect(await waitForLoad(page)).toContain('512×512×28');
    await settle(page);
    expect(await page.getByTestId('viewer').getAttribute('data-view-mode')).toBe('volume');
    for (const name of ['axial', 'coronal', 'sagittal', '3d']) {
      expect(litFraction(await shoot(page, `view-${name}`)), name).toBeGreaterThan(0.03);
    }
    expect(app.offOriginRequests).toEqual([]);
    await app.close();
  });
});
