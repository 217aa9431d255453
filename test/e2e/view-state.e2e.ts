/**
 * Issue 17 item 6 in Chromium: the view (slice indexes, window/level, layout, 3D preset and camera)
 * follows into the address hash and comes back after a reload, on the generated sample, on local
 * files (picked again, as the page asks in words) and on a DICOMweb deep link against a real Orthanc
 * (Debian's orthanc + orthanc-dicomweb, through the app's same-origin proxy); the JSON file saves and
 * opens the same state; a malformed or hostile hash is ignored with a message and the page loads.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AppPage } from '../../scripts/browser/app-page';
import { buildAndServe, serveBuild } from '../../scripts/browser/build-and-serve';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { type OpenedPage, openPage } from '../../scripts/browser/open-page';
import { decodeFile, decodeHash } from '../../src/ui/view-state/codec';
import type { ViewState } from '../../src/ui/view-state/view-state';
import { orthancForSuite } from '../helpers/orthanc';
import { projectRoot, sharedCt } from '../helpers/shared-data';

const baseUrl = inject('baseUrl');
const distDir = inject('distDir');
const LOAD_MS = 120_000;

/** What the page shows of the view, read from its own controls and panes. */
interface Shown {
  slices: number[];
  /** The slab controls: mode and thickness. */
  slab: string[];
  /** The slice planes' normals, rounded (the crosshair rotation). */
  normals: number[][];
  /** The measurement rows: kind and value. */
  measurements: string[];
  width: string;
  center: string;
  layout: string | null;
  preset: string;
  blend: string;
}

async function shown(page: Page): Promise<Shown> {
  const viewer = new AppPage(page);
  return {
    slices: [await viewer.sliceIndex('axial'), await viewer.sliceIndex('coronal'), await viewer.sliceIndex('sagittal')],
    slab: [await page.getByTestId('slab-mode').inputValue(), await page.getByTestId('slab-thickness').inputValue()],
    normals: await page.evaluate(() => {
      type Planes = Record<string, { normal: number[] }>;
      const planes = (window as unknown as { ctViewer: { slicePlanes(): Planes } }).ctViewer.slicePlanes();
      return ['axial', 'coronal', 'sagittal'].map((pane) => planes[pane]!.normal.map((v) => Math.round(v * 1e6) / 1e6));
    }),
    width: await page.getByTestId('wl-width').inputValue(),
    center: await page.getByTestId('wl-center').inputValue(),
    layout: await page.getByTestId('viewer').getAttribute('data-layout'),
    preset: await page.getByTestId('vr-preset').inputValue(),
    blend: await page.getByTestId('vr-blend').inputValue(),
    measurements: await page
      .getByTestId('measurement')
      .evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-kind')} ${row.getAttribute('data-value')}`)),
  };
}

/** A length and an ellipse ROI drawn in the axial pane with the measuring tools; their rows. */
async function drawMeasurements(page: Page): Promise<string[]> {
  const viewer = new AppPage(page);
  const z = (await page.evaluate(() => (window as unknown as { ctViewer: { cursor(): number[] } }).ctViewer.cursor()))[2]!;
  for (const [tool, from, to] of [
    ['tool-length', [-50, 10, z], [-10, 40, z]],
    ['tool-ellipse', [-20, -10, z], [10, 15, z]],
  ] as const) {
    await page.getByTestId(tool).click();
    const [x0, y0] = await viewer.worldToPage('axial', [...from]);
    const [x1, y1] = await viewer.worldToPage('axial', [...to]);
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    await page.mouse.move(x1, y1, { steps: 6 });
    await page.mouse.up();
  }
  await page.keyboard.press('Escape');
  const rows = (await shown(page)).measurements;
  expect(rows).toHaveLength(2);
  expect(rows[0]).toMatch(/^length 50(\.\d+)?$|^length 49\.\d+$/);
  return rows;
}

/** The state the page's address holds now (decoded by the app's own codec), or null. */
function hashState(page: Page): ViewState | null {
  const decoded = decodeHash(new URL(page.url()).hash);
  if (decoded && 'problem' in decoded) throw new Error(`the page wrote a hash it cannot read: ${decoded.problem}`);
  return decoded?.state ?? null;
}

/** Waits until no frame has been drawn for a while (the 3D refinement included). */
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

/**
 * Changes every part of the view: a 3D camera drag and the three panes' slices (in the 2×2 layout),
 * the layout, the 3D preset and blend, the window; returns once the address holds all of it. Each step
 * waits for the frames of the last: a software GPU ray-casting a real CT holds the page's frames up.
 */
async function changeView(page: Page, layout: string): Promise<ViewState> {
  const viewer = new AppPage(page);
  await waitForQuiet(viewer);
  const box = await viewer.paneBox('3d');
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let step = 1; step <= 6; step++) {
    await page.mouse.move(cx + step * 10, cy - step * 4);
    await page.waitForTimeout(40);
  }
  await page.mouse.up();
  await waitForQuiet(viewer, 1500);
  for (const [pane, key, times] of [
    ['axial', 'PageUp', 1],
    ['coronal', 'ArrowDown', 7],
    ['sagittal', 'ArrowUp', 5],
  ] as const) {
    await page.getByTestId(`view-${pane}`).focus();
    for (let i = 0; i < times; i++) await page.keyboard.press(key);
  }
  await waitForQuiet(viewer);
  await page.getByTestId('layout').selectOption(layout, { timeout: LOAD_MS });
  await waitForQuiet(viewer);
  await page.getByTestId('vr-preset').selectOption('soft-tissue', { timeout: LOAD_MS });
  await waitForQuiet(viewer);
  await page.getByTestId('vr-blend').selectOption('mip', { timeout: LOAD_MS });
  await waitForQuiet(viewer);
  await viewer.setWindow(57, 333);
  await waitForQuiet(viewer);
  const expected = await shown(page);
  // The window was changed last: once the address has it, it has the rest.
  await expect.poll(() => hashState(page)?.window, { timeout: 10_000 }).toEqual({ center: 57, width: 333 });
  const state = hashState(page)!;
  expect(state.layout).toBe(layout);
  expect(state.slices).toEqual({ axial: expected.slices[0], coronal: expected.slices[1], sagittal: expected.slices[2] });
  expect(state.volume3d).toMatchObject({ preset: 'soft-tissue', blend: 'mip' });
  // The drag moved the camera off its anterior view (LPS: looking along +y).
  const { position, focalPoint } = state.volume3d!.camera;
  expect(Math.abs(position[0] - focalPoint[0])).toBeGreaterThan(1);
  return state;
}

/** After a reload with the hash: the same view, and the address holds the same state again. */
async function expectRestored(page: Page, before: Shown, state: ViewState): Promise<void> {
  await expect.poll(() => page.getByTestId('view-state-message').textContent(), { timeout: LOAD_MS }).toBe('View restored.');
  expect(await shown(page)).toEqual(before);
  await expect.poll(() => hashState(page)?.slices, { timeout: 10_000 }).toEqual(state.slices);
  const again = hashState(page)!;
  expect({ ...again, volume3d: undefined }).toEqual({ ...state, volume3d: undefined });
  const [a, b] = [again.volume3d!, state.volume3d!];
  expect({ preset: a.preset, blend: a.blend, shade: a.shade }).toEqual({ preset: b.preset, blend: b.blend, shade: b.shade });
  for (const key of ['position', 'focalPoint', 'viewUp'] as const) {
    a.camera[key].forEach((value, axis) => expect(value).toBeCloseTo(b.camera[key][axis]!, 4));
  }
}

afterAll(() => closeSharedChromium());

describe('the view state in the address and in a file', () => {
  const pages: OpenedPage[] = [];
  const open = async (base: string, path: string) => {
    const opened = await openPage(base, { path: null });
    pages.push(opened);
    await opened.page.goto(new URL(path, base).href, { waitUntil: 'load', timeout: 90_000 });
    return opened;
  };
  afterAll(async () => {
    for (const opened of pages) await opened.close();
  });

  it('the sample: slices, window, layout, 3D preset and camera, measurements come back after a reload with the hash', async () => {
    const first = await open(baseUrl, '?sample');
    await new AppPage(first.page).waitForLoad(LOAD_MS);
    const measured = await drawMeasurements(first.page);
    // Oblique, thick-slab planes: turned by 20° in the axial pane, a 8 mm MinIP.
    await first.page.evaluate(() =>
      (window as unknown as { ctViewer: { rotateAxes(pane: string, deg: number): void } }).ctViewer.rotateAxes('axial', 20),
    );
    await first.page.getByTestId('slab-mode').selectOption('min');
    await first.page.getByTestId('slab-thickness').fill('8');
    await first.page.getByTestId('slab-thickness').dispatchEvent('change');
    const state = await changeView(first.page, 'axial-3d');
    expect(state.series).toMatchObject({ kind: 'sample', options: {} });
    expect(state.measurements).toHaveLength(2);
    expect(state.reslice?.slab).toEqual({ mode: 'min', thicknessMm: 8 });
    expect(state.reslice?.rotation?.[0]?.[0]).toBeCloseTo(Math.cos((20 * Math.PI) / 180), 6);
    const before = await shown(first.page);
    expect(before.slab).toEqual(['min', '8']);
    expect(before.normals[1]).not.toEqual([0, 1, 0]);
    expect(before.measurements).toEqual(measured);
    const url = first.page.url();
    await first.close();

    const second = await open(baseUrl, url.slice(new URL(url).origin.length));
    await new AppPage(second.page).waitForLoad(LOAD_MS);
    await expectRestored(second.page, before, state);
    expect(second.consoleErrors).toEqual([]);

    // The same state as a file: saved, then opened over a changed view.
    const [download] = await Promise.all([
      second.page.waitForEvent('download'),
      second.page.getByTestId('view-state-save').click(),
    ]);
    expect(download.suggestedFilename()).toBe('ct-view-state.json');
    const saved = decodeFile(readFileSync((await download.path())!, 'utf8'));
    expect(saved).toEqual({ state: hashState(second.page) });
    const path = (await download.path())!;
    await second.page.getByTestId('layout').selectOption('2x2');
    await second.page.getByTestId('wl-width').fill('1500');
    await second.page.getByTestId('wl-width').dispatchEvent('change');
    await second.page.getByTestId('view-state-open').setInputFiles(path);
    await expect.poll(() => second.page.getByTestId('viewer').getAttribute('data-layout')).toBe('axial-3d');
    expect(await shown(second.page)).toEqual(before);
  });

  it('a malformed or hostile hash is ignored with a message in words; the sample loads as without it', async () => {
    for (const hash of ['#view=1.<img src=x onerror=alert(1)>', '#view=9.AAAA', `#view=1.${'A'.repeat(40_000)}`]) {
      const opened = await open(baseUrl, `?sample${hash}`);
      await new AppPage(opened.page).waitForLoad(LOAD_MS);
      const message = opened.page.getByTestId('view-state-message');
      expect(await message.textContent()).toMatch(/^The view state in the address was not used: it (is|unpacks).+\.$/);
      expect(await message.evaluate((node) => node.childElementCount)).toBe(0);
      expect(await opened.page.locator('img').count()).toBe(0);
      expect(await opened.page.getByTestId('viewer').getAttribute('data-layout')).toBe('2x2');
      expect(opened.consoleErrors).toEqual([]);
      await opened.close();
    }
  });

  it('local files: the page says they cannot be reopened, offers to pick them, and restores once they are', async () => {
    const folder = sharedCt('philips-head');
    const first = await open(baseUrl, '?sample=none');
    await first.page.getByTestId('open-folder').setInputFiles(folder);
    await new AppPage(first.page).waitForLoad(LOAD_MS);
    const state = await changeView(first.page, '1x3');
    expect(state.series).toMatchObject({ kind: 'local' });
    const before = await shown(first.page);
    const url = first.page.url();
    await first.close();

    const second = await open(baseUrl, url.slice(new URL(url).origin.length));
    const message = second.page.getByTestId('view-state-message');
    await expect
      .poll(() => message.textContent(), { timeout: 30_000 })
      .toMatch(/from local files, which a page cannot open again/);
    expect(await second.page.getByTestId('view-state-pick-area').isVisible()).toBe(true);
    // Nothing else was loaded meanwhile (no sample over the waiting state).
    expect(await second.page.getByTestId('series-item').count()).toBe(0);
    await second.page.getByTestId('view-state-pick-folder').setInputFiles(folder);
    await new AppPage(second.page).waitForLoad(LOAD_MS);
    await expectRestored(second.page, before, state);
    expect(await second.page.getByTestId('view-state-pick-area').isVisible()).toBe(false);
    expect(second.consoleErrors).toEqual([]);
  });
});

describe('the view state on a DICOMweb deep link (a real Orthanc)', () => {
  let served: { baseUrl: string; close(): Promise<void> };
  let study = '';
  let series = '';
  beforeAll(async () => {
    const orthanc = await orthancForSuite();
    const folder = sharedCt('philips-head');
    const files = readdirSync(folder).map((name) => join(folder, name));
    const result = await orthanc.upload(files);
    expect(result.stored.length).toBe(28);
    const header = dicomParser.parseDicom(new Uint8Array(readFileSync(result.stored[0]!)), { untilTag: 'x7fe00010' });
    study = header.string('x0020000d')!.trim();
    series = header.string('x0020000e')!.trim();
    served = distDir
      ? await serveBuild(projectRoot, distDir, orthanc.root)
      : await buildAndServe(projectRoot, { tempPrefix: 'ct-viewer-e2e-view-state-', dicomwebProxy: orthanc.root });
  });
  afterAll(() => served?.close());

  it('?dicomweb=…&study=…&series=…#view=… opens the series and puts the view back', async () => {
    const pages: OpenedPage[] = [];
    try {
      const first = await openPage(served.baseUrl, { path: null });
      pages.push(first);
      await first.page.goto(new URL(`?dicomweb=/dicom-web&study=${study}&series=${series}`, served.baseUrl).href);
      await new AppPage(first.page).waitForLoad(LOAD_MS);
      const state = await changeView(first.page, 'axial');
      expect(state.series).toEqual({ kind: 'dicomweb', seriesUid: series, root: '/dicom-web', study });
      const before = await shown(first.page);
      const url = first.page.url();
      expect(new URL(url).searchParams.get('series')).toBe(series);

      const second = await openPage(served.baseUrl, { path: null });
      pages.push(second);
      await second.page.goto(url);
      await new AppPage(second.page).waitForLoad(LOAD_MS);
      await expectRestored(second.page, before, state);
      expect(second.offOriginRequests).toEqual([]);
      expect(second.consoleErrors).toEqual([]);
    } finally {
      for (const opened of pages) await opened.close();
    }
  });
});
