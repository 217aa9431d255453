/**
 * Issue: the viewer. Rendering is read back from real screenshots of Debian Chromium (SwiftShader
 * WebGL2); grey levels, sides and texture uploads are measured, not assumed.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Vec3 } from '../../src/dicom/types';
import { BONE_HU, FAT_HU, MARKER_CENTRE_X, MARKER_CENTRE_Y, MARKER_HU, SOFT_TISSUE_HU } from '../../src/phantom/phantom-model';
import { sliceIndexAt, sliceRange } from '../../src/views/view-orientation';
import { greyLevel } from '../../src/views/window-presets';
import { AppPage } from '../../scripts/browser/app-page';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { type OpenedPage, openPage } from '../../scripts/browser/open-page';
import { sharedCt } from '../helpers/shared-data';
import { setCursor, setWindow, settle, sliceIndex, textureUploads, waitForLoad, worldToPage } from './app-driver';
import { differingFraction, litFraction, rgbAt, shoot, whiteCentroid } from './pixels';

const baseUrl = inject('baseUrl');
const PANES = ['axial', 'coronal', 'sagittal', '3d'] as const;

async function openSample(options: object = {}): Promise<OpenedPage> {
  const app = await openPage(baseUrl, { path: null });
  const viewer = new AppPage(app.page);
  await viewer.countTextureUploads();
  const query = Object.keys(options).length > 0 ? `?sample=${encodeURIComponent(JSON.stringify(options))}` : '?sample';
  await viewer.goto(baseUrl, query);
  await viewer.waitForLoad();
  await viewer.settle();
  return app;
}

afterAll(async () => {
  await closeSharedChromium();
});

describe('viewer on the generated sample', () => {
  let app: OpenedPage;
  beforeAll(async () => {
    app = await openSample();
  });
  afterAll(async () => app?.close());

  it('shows four non-blank panes (screenshots kept as artefacts)', async () => {
    await app.page.screenshot({ path: 'test-artifacts/viewer-sample.png' });
    for (const pane of PANES) {
      const picture = await shoot(app.page, `view-${pane}`, `pane-${pane}.png`);
      expect(litFraction(picture), pane).toBeGreaterThan(0.05);
    }
    expect(app.offOriginRequests).toEqual([]);
  });

  it('draws floor((HU − (WC − WW/2)) / WW · 255) for three windows set through the inputs', async () => {
    const z = (await app.page.evaluate(() => (window as unknown as { ctViewer: { cursor(): number[] } }).ctViewer.cursor()))[2]!;
    const regions: Array<[string, Vec3, number]> = [
      ['soft tissue', [-40, -30, z], SOFT_TISSUE_HU],
      ['fat', [-30, 12, z], FAT_HU],
      ['bone ring', [0, -62, z], BONE_HU],
      ['marker', [MARKER_CENTRE_X, MARKER_CENTRE_Y, z], MARKER_HU],
    ];
    for (const window of [
      { center: 40, width: 400 },
      { center: 0, width: 2000 },
      { center: 1000, width: 3000 },
    ]) {
      await setWindow(app.page, window.center, window.width);
      const picture = await shoot(app.page, 'view-axial');
      for (const [name, world, hu] of regions) {
        const [x, y] = await worldToPage(app.page, 'axial', world);
        const [r, g, b] = rgbAt(picture, x, y);
        const expected = greyLevel(hu, window);
        expect(
          Math.abs(r - expected),
          `${name} at C${window.center}/W${window.width}: got ${r}, expected ${expected}`,
        ).toBeLessThanOrEqual(1);
        expect(Math.abs(r - g) + Math.abs(r - b)).toBeLessThanOrEqual(2);
      }
    }
  });

  it('scrolls with the wheel and keys, and a click in the axial view moves coronal and sagittal to that point', async () => {
    const { page } = app;
    const before = await sliceIndex(page, 'axial');
    const picture = await shoot(page, 'view-axial');
    const [cx, cy] = await worldToPage(page, 'axial', [-60, 40, 0]);
    await page.mouse.move(cx, cy);
    await page.mouse.wheel(0, 100);
    await settle(page);
    expect(await sliceIndex(page, 'axial')).toBe(before + 1);
    await page.getByTestId('view-axial').press('PageUp');
    await settle(page);
    expect(await sliceIndex(page, 'axial')).toBe(before + 11);
    expect(differingFraction(picture, await shoot(page, 'view-axial'))).toBeGreaterThan(0.001);

    const target: Vec3 = [30, 20, 0];
    const [x, y] = await worldToPage(page, 'axial', target);
    await page.mouse.click(x, y);
    await settle(page);
    const volumeInfo = page.getByTestId('volume-info');
    const geometry = {
      dimensions: (await volumeInfo.getAttribute('data-dimensions'))!.split(',').map(Number) as [number, number, number],
      spacing: (await volumeInfo.getAttribute('data-spacing'))!.split(',').map(Number) as Vec3,
      origin: (await volumeInfo.getAttribute('data-origin'))!.split(',').map(Number) as Vec3,
      axes: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ] as [Vec3, Vec3, Vec3],
    };
    expect(Math.abs((await sliceIndex(page, 'coronal')) - sliceIndexAt(sliceRange(geometry, 1), target[1]))).toBeLessThanOrEqual(
      1,
    );
    expect(Math.abs((await sliceIndex(page, 'sagittal')) - sliceIndexAt(sliceRange(geometry, 0), target[0]))).toBeLessThanOrEqual(
      1,
    );
    expect(await sliceIndex(page, 'axial')).toBe(before + 11);
  });

  it('changes W/L, presets, blend modes and the opacity/colour editor on the GPU: pixels change, no 3D texture is uploaded', async () => {
    const { page } = app;
    await setWindow(page, 40, 400);
    const uploads = await textureUploads(page);
    expect(uploads).toBeGreaterThan(0);

    const axial = await shoot(page, 'view-axial');
    await setWindow(page, 300, 1200);
    expect(differingFraction(axial, await shoot(page, 'view-axial'))).toBeGreaterThan(0.05);
    const afterDrag = await shoot(page, 'view-axial');
    const [x, y] = await worldToPage(page, 'axial', [-50, -20, 0]);
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 60, y + 40, { steps: 4 });
    await page.mouse.up();
    await settle(page);
    expect(Number(await page.getByTestId('wl-width').inputValue())).not.toBe(1200);
    expect(differingFraction(afterDrag, await shoot(page, 'view-axial'))).toBeGreaterThan(0.05);
    await page.getByTestId('wl-preset').selectOption('lung');
    await settle(page);
    expect(await page.getByTestId('wl-width').inputValue()).toBe('1500');

    let threeD = await shoot(page, 'view-3d');
    await page.getByTestId('vr-preset').selectOption('soft-tissue');
    await settle(page);
    let next = await shoot(page, 'view-3d');
    expect(differingFraction(threeD, next)).toBeGreaterThan(0.02);
    threeD = next;
    await page.getByTestId('vr-blend').selectOption('mip');
    await settle(page);
    next = await shoot(page, 'view-3d');
    expect(differingFraction(threeD, next)).toBeGreaterThan(0.02);
    threeD = next;
    await page.getByTestId('vr-preset').selectOption('bone');
    await settle(page);
    next = await shoot(page, 'view-3d');
    expect(differingFraction(threeD, next)).toBeGreaterThan(0.02);
    threeD = next;

    // The opacity/colour editor: a new opacity peak over soft tissue, then another colour map.
    const canvas = await page.getByTestId('tf-canvas').boundingBox();
    expect(canvas).not.toBeNull();
    await page.mouse.dblclick(canvas!.x + canvas!.width * 0.35, canvas!.y + canvas!.height * 0.3);
    await settle(page);
    next = await shoot(page, 'view-3d');
    expect(differingFraction(threeD, next)).toBeGreaterThan(0.02);
    threeD = next;
    await page.getByTestId('tf-colormap').selectOption('Inferno (matplotlib)');
    await settle(page);
    expect(differingFraction(threeD, await shoot(page, 'view-3d'))).toBeGreaterThan(0.02);

    expect(await textureUploads(page)).toBe(uploads);
  });
});

describe.each([
  ['stored in acquisition order', {}],
  ['stored in reversed order', { reverse: true, shuffle: true }],
  ['acquired obliquely', { obliqueDeg: [12, -9, 15] }],
])('orientation, series %s', (_, options) => {
  it('shows the left-anterior marker on the patient-left / anterior side of every slice view', async () => {
    const app = await openSample(options);
    const { page } = app;
    // Only the 2000 HU marker survives this window; bone (1000 HU) turns black.
    await setWindow(page, 1700, 200);
    await setCursor(page, [MARKER_CENTRE_X, MARKER_CENTRE_Y, 0]);
    const centre = async (pane: 'axial' | 'coronal' | 'sagittal') => worldToPage(page, pane, [0, 0, 0]);

    const axial = whiteCentroid(await shoot(page, 'view-axial'));
    const [ax, ay] = await centre('axial');
    expect(axial.count).toBeGreaterThan(20);
    expect(axial.x, 'axial: patient left is on screen right').toBeGreaterThan(ax + 20);
    expect(axial.y, 'axial: anterior is up').toBeLessThan(ay - 20);

    const coronal = whiteCentroid(await shoot(page, 'view-coronal'));
    const [cx, cy] = await centre('coronal');
    expect(coronal.count).toBeGreaterThan(20);
    expect(coronal.x, 'coronal: patient left is on screen right').toBeGreaterThan(cx + 20);
    expect(coronal.y, 'coronal: the rod ends above z = 20, so it lies low').toBeGreaterThan(cy);

    const sagittal = whiteCentroid(await shoot(page, 'view-sagittal'));
    const [sx, sy] = await centre('sagittal');
    expect(sagittal.count).toBeGreaterThan(20);
    expect(sagittal.x, 'sagittal: anterior is on screen left').toBeLessThan(sx - 20);
    expect(sagittal.y, 'sagittal: inferior is down').toBeGreaterThan(sy);
    await app.close();
  });
});

describe.each([
  ['ge-head-tilt', { width: '100', center: '35' }],
  ['philips-head', { width: '80', center: '40' }],
])('real data: %s', (folder, window) => {
  it('opens with the tag window and radiological orientation letters', async () => {
    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;
    await page.getByTestId('open-folder').setInputFiles(sharedCt(folder));
    await waitForLoad(page);
    await settle(page);
    expect(await page.getByTestId('wl-width').inputValue()).toBe(window.width);
    expect(await page.getByTestId('wl-center').inputValue()).toBe(window.center);
    const letters = async (pane: string) =>
      page
        .getByTestId(`view-${pane}`)
        .evaluate((e) => ['left', 'right', 'top', 'bottom'].map((edge) => e.querySelector(`[data-edge="${edge}"]`)?.textContent));
    expect(await letters('axial')).toEqual(['R', 'L', 'A', 'P']);
    expect(await letters('coronal')).toEqual(['R', 'L', 'S', 'I']);
    expect(await letters('sagittal')).toEqual(['A', 'P', 'S', 'I']);
    for (const pane of PANES)
      expect(litFraction(await shoot(page, `view-${pane}`, `${folder}-${pane}.png`)), pane).toBeGreaterThan(0.03);
    expect(app.offOriginRequests).toEqual([]);
    await app.close();
  });
});

describe('progressive load in a warm app', () => {
  it('draws the middle slices while the rest is still read, builds no slice program during the load, and sends the texture in bounded pieces', async () => {
    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;
    await page.waitForFunction(
      () => document.querySelector('[data-testid="load-state"]')?.getAttribute('data-warm') === 'ready',
      undefined,
      {
        timeout: 60_000,
      },
    );
    // Counted from here: what the load itself compiles and uploads.
    await page.evaluate(() => {
      const w = window as unknown as { __compiles: number; __largestUpload: number; __draws: number[] };
      w.__compiles = 0;
      w.__largestUpload = 0;
      w.__draws = [];
      const proto = WebGL2RenderingContext.prototype;
      for (const name of ['drawArrays', 'drawElements'] as const) {
        const draw = proto[name] as (...args: unknown[]) => void;
        (proto as unknown as Record<string, unknown>)[name] = function (this: WebGL2RenderingContext, ...args: unknown[]) {
          w.__draws.push(performance.now());
          return draw.apply(this, args);
        };
      }
      const compile = proto.compileShader;
      proto.compileShader = function (this: WebGL2RenderingContext, shader: WebGLShader) {
        w.__compiles += 1;
        return compile.call(this, shader);
      };
      // What changes in the sidebar, and when: the status is to stay as it is until the first image.
      const sidebarChanges: number[] = [];
      (w as unknown as { __sidebarChanges: number[] }).__sidebarChanges = sidebarChanges;
      new MutationObserver((records) => {
        if (records.some((r) => !(r.type === 'attributes' && r.attributeName === 'data-state')))
          sidebarChanges.push(performance.now());
      }).observe(document.querySelector('.sidebar')!, { subtree: true, childList: true, attributes: true, characterData: true });
      const upload = proto.texSubImage3D as (...args: unknown[]) => void;
      proto.texSubImage3D = function (this: WebGL2RenderingContext, ...args: unknown[]) {
        const data = args.find((arg) => ArrayBuffer.isView(arg)) as ArrayBufferView | undefined;
        w.__largestUpload = Math.max(w.__largestUpload, data?.byteLength ?? 0);
        return upload.apply(this, args);
      } as typeof proto.texSubImage3D;
    });
    await page.getByTestId('open-folder').setInputFiles(sharedCt('philips-head'));
    // Automation sees the load at once, even though people see no busy message for a moment.
    expect(await page.getByTestId('load-state').getAttribute('data-state')).toBe('loading');
    await page.waitForFunction(() => performance.getEntriesByName('ct:first-slice', 'mark').length > 0, undefined, {
      polling: 'raf',
      timeout: 60_000,
    });
    // The readers wait for that first frame, so the load cannot have finished yet.
    expect(await page.getByTestId('load-state').getAttribute('data-state')).toBe('loading');
    expect(litFraction(await shoot(page, 'view-axial', 'progressive-first-slice-axial.png'))).toBeGreaterThan(0.03);
    await waitForLoad(page);
    expect(await page.getByTestId('load-state').getAttribute('data-state')).toBe('ready');
    const measured = await page.evaluate(() => {
      const at = (name: string) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? Number.NaN;
      const w = window as unknown as { __compiles: number; __largestUpload: number; __draws: number[] };
      // Draw calls of one frame come within a few ms of each other; frames are further apart.
      const frameStarts = w.__draws.filter((t, i) => i === 0 || t - w.__draws[i - 1]! > 8);
      const framesWhileStreaming = frameStarts.filter((t) => t > at('ct:first-slice') && t < at('ct:full-load')).length;
      const start = at('ct:load-start');
      // The busy message may appear QUIET_LOAD_MS (400 ms) into a load, or with the first image.
      const quietUntil = Math.min(at('ct:first-slice'), start + 400);
      const sidebarChanges = (w as unknown as { __sidebarChanges: number[] }).__sidebarChanges;
      const changesBeforeImage = sidebarChanges.filter((t) => t >= start && t < quietUntil).length;
      return {
        firstSlice: at('ct:first-slice'),
        fullLoad: at('ct:full-load'),
        compiles: w.__compiles,
        largestUpload: w.__largestUpload,
        framesWhileStreaming,
        changesBeforeImage,
        sidebarChanges: sidebarChanges.length,
      };
    });
    // Until the first image, the page stays as it was (with a software GPU each change of the page
    // costs a read-back of the WebGL canvas); after it, the status and the series list appear.
    expect(measured.changesBeforeImage).toBe(0);
    expect(measured.sidebarChanges).toBeGreaterThan(0);
    // New slices are drawn every STREAMING_FRAME_MS (500 ms), plus the final frame and at most one
    // frame for a change of layout: not once per chunk (four chunks after the first here).
    expect(measured.framesWhileStreaming).toBeGreaterThan(0);
    expect(measured.framesWhileStreaming).toBeLessThanOrEqual(Math.floor((measured.fullLoad - measured.firstSlice) / 500) + 2);
    expect(measured.firstSlice).toBeLessThan(measured.fullLoad);
    // No slice program: only the 3D program, which depends on the volume, and the one that scales the
    // reduced first 3D image up to its pane are built now (a vertex and a fragment shader each).
    expect(measured.compiles).toBeLessThanOrEqual(4);
    // int16 HU go up as half floats, at most one slab of about a million voxels per call.
    expect(measured.largestUpload).toBeGreaterThan(0);
    expect(measured.largestUpload).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(app.offOriginRequests).toEqual([]);
    await app.close();
  });
});
