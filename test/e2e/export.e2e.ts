/**
 * Issue 17, item 5, in Chromium: the tilted GE series loaded in the page and exported through the
 * export panel. The NIfTI the export worker writes (itk-wasm's browser writer, from the app's own
 * origin) is the file `cli convert` writes on the same folder: voxels exact, sform and qform within
 * 1e-4 mm, the same description; the voxels reached the worker as shared memory. The axial pane's PNG
 * has the canvas's pixels under the pane (±2 per channel) with the pane's text and an annotation SVG
 * drawn over them. Nothing leaves the origin.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { openPage } from '../../scripts/browser/open-page';
import { indexSources } from '../../src/dicom/index-study';
import { sourcesFromPath } from '../../src/sources/node-files';
import { readNifti } from '../helpers/nifti-header';
import { scratchDir } from '../helpers/scratch-dir';
import { sharedCt } from '../helpers/shared-data';
import { settle, waitForLoad } from './app-driver';
import { ARTIFACTS_DIR } from './pixels';

const baseUrl = inject('baseUrl');
const run = promisify(execFile);
const work = scratchDir('ct-export-e2e-');
afterAll(() => closeSharedChromium());

/** Clicks an export button and keeps the file it offers. */
async function download(page: Page, testId: string): Promise<{ name: string; bytes: Uint8Array }> {
  const [offered] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId(testId).click()]);
  const path = join(work, offered.suggestedFilename());
  await offered.saveAs(path);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="export-status"]')?.getAttribute('data-state') === 'done',
  );
  return { name: offered.suggestedFilename(), bytes: new Uint8Array(readFileSync(path)) };
}

interface PaneCanvasPixels {
  /** The pane's device pixels as the WebGL drawing buffer holds them, top row first, RGBA. */
  rgba: number[];
  width: number;
  height: number;
  /** Device pixels per CSS pixel. */
  ratio: number;
  /** Overlay boxes (text, lines, controls) in pane CSS pixels, grown by a few pixels for shadows. */
  overlays: Array<{ left: number; top: number; right: number; bottom: number }>;
  /** The top orientation letter's box, in pane CSS pixels. */
  letter: { left: number; top: number; right: number; bottom: number };
}

/** Reads the axial pane's part of the drawing buffer with gl.readPixels (not through the export code). */
function readPaneCanvas(page: Page): Promise<PaneCanvasPixels> {
  return page.evaluate(() => {
    const pane = document.querySelector<HTMLElement>('[data-pane="axial"]')!;
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="viewer"] canvas')!;
    const gl = canvas.getContext('webgl2')!;
    const c = canvas.getBoundingClientRect();
    const p = pane.getBoundingClientRect();
    const ratio = canvas.width / c.width;
    const x = Math.round((p.left - c.left) * ratio);
    const y = Math.round((p.top - c.top) * ratio);
    const width = Math.round((p.right - c.left) * ratio) - x;
    const height = Math.round((p.bottom - c.top) * ratio) - y;
    const bound = gl.getParameter(gl.FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    const pixels = new Uint8Array(width * height * 4);
    gl.readPixels(x, canvas.height - y - height, width, height, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
    gl.bindFramebuffer(gl.FRAMEBUFFER, bound);
    const rgba: number[] = [];
    for (let row = height - 1; row >= 0; row--) rgba.push(...pixels.subarray(row * width * 4, (row + 1) * width * 4));
    const box = (e: Element, grow: number) => {
      const r = e.getBoundingClientRect();
      return {
        left: r.left - p.left - grow,
        top: r.top - p.top - grow,
        right: r.right - p.left + grow,
        bottom: r.bottom - p.top + grow,
      };
    };
    const overlays = Array.from(pane.querySelectorAll('*'))
      .filter((e) => !(e instanceof SVGSVGElement) && e.getClientRects().length > 0)
      .map((e) => box(e, 5))
      .filter((b) => (b.right - b.left) * (b.bottom - b.top) < 0.25 * p.width * p.height);
    const letter = box(pane.querySelector('[data-edge="top"]')!, 0);
    return { rgba, width, height, ratio, overlays, letter };
  });
}

describe('export', () => {
  it('writes the tilted GE series as cli convert does, and the axial pane as PNG, 0 off-origin requests', async () => {
    const folder = sharedCt('ge-head-tilt');
    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;
    await page.getByTestId('open-folder').setInputFiles(folder);
    expect(await waitForLoad(page)).toMatch(/gantry tilt 18\.5° corrected/);

    // The volume, through the button, against the CLI on the same folder.
    // With a software GPU the first full-quality 3D frame (300 ms after the last slice input) takes
    // a long time, and no click is taken meanwhile: let it be drawn first.
    await settle(page);
    await page.waitForTimeout(1000);
    await settle(page);
    await page.getByTestId('export-volume-format').selectOption('nifti');
    const exported = await download(page, 'export-volume');
    const cliOut = join(work, 'cli.nii.gz');
    await run('npx', ['tsx', 'src/cli/main.ts', 'convert', folder, '--series', '2', '-o', cliOut], { maxBuffer: 1 << 24 });
    const fromApp = readNifti(exported.bytes);
    const fromCli = readNifti(new Uint8Array(readFileSync(cliOut)));
    expect(fromApp.dim).toEqual(fromCli.dim);
    expect(fromApp.datatype).toBe(fromCli.datatype);
    expect(Buffer.from(fromApp.voxels).equals(Buffer.from(fromCli.voxels))).toBe(true);
    fromApp.srow.forEach((row, r) =>
      row.forEach((value, c) => expect(Math.abs(value - fromCli.srow[r]![c]!)).toBeLessThan(1e-4)),
    );
    fromApp.qoffset.forEach((value, i) => expect(Math.abs(value - fromCli.qoffset[i]!)).toBeLessThan(1e-4));
    fromApp.quatern.forEach((value, i) => expect(Math.abs(value - fromCli.quatern[i]!)).toBeLessThan(1e-6));
    expect([fromApp.sformCode, fromApp.qformCode]).toEqual([fromCli.sformCode, fromCli.qformCode]);
    expect(fromApp.descrip).toBe(fromCli.descrip);
    expect(fromApp.descrip).toMatch(/^Corrected world-true volume \(HU\): gantry tilt 18\.5 deg corrected/);
    expect(await page.getByTestId('export-status').getAttribute('data-voxels')).toBe('shared');

    // Named after the series, never the patient.
    const index = await indexSources(await sourcesFromPath(folder));
    const patient = index.patients[0]!;
    expect(patient.patientId).toBe('QMNx85rKkkg');
    // No date and no series description in this anonymised series: the study description names it.
    expect(exported.name).toBe('CT_S2_HEAD.nii.gz');

    // The axial pane as PNG, with a measurement's SVG in it (H1's layer if there, else a plain one).
    await page.evaluate(() => {
      const pane = document.querySelector<HTMLElement>('[data-pane="axial"]')!;
      const ns = 'http://www.w3.org/2000/svg';
      let layer = pane.querySelector('svg[data-annotation-layer]');
      if (!layer) {
        layer = document.createElementNS(ns, 'svg');
        layer.setAttribute('data-annotation-layer', '');
        layer.setAttribute('width', String(pane.clientWidth));
        layer.setAttribute('height', String(pane.clientHeight));
        (layer as SVGSVGElement).style.position = 'absolute';
        (layer as SVGSVGElement).style.left = '0';
        (layer as SVGSVGElement).style.top = '0';
        (layer as SVGSVGElement).style.pointerEvents = 'none';
        pane.append(layer);
      }
      const line = document.createElementNS(ns, 'line');
      const y = String(Math.round(pane.clientHeight * 0.6));
      line.setAttribute('x1', String(Math.round(pane.clientWidth * 0.3)));
      line.setAttribute('x2', String(Math.round(pane.clientWidth * 0.6)));
      line.setAttribute('y1', y);
      line.setAttribute('y2', y);
      line.setAttribute('stroke', '#00ff00');
      line.setAttribute('stroke-width', '4');
      line.dataset.exportTest = '';
      layer.append(line);
    });
    await settle(page);
    const canvas = await readPaneCanvas(page);
    await page.getByTestId('export-png-target').selectOption('axial');
    const png = await download(page, 'export-png');
    expect(png.name).toBe('CT_S2_HEAD_axial.png');
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(join(ARTIFACTS_DIR, 'export-axial.png'), png.bytes);
    const picture = PNG.sync.read(Buffer.from(png.bytes));
    expect([picture.width, picture.height]).toEqual([canvas.width, canvas.height]);

    // Away from the overlays the PNG is the canvas (the pane draws opaque pixels: no background shows).
    const css = (device: number) => device / canvas.ratio;
    let compared = 0;
    let worst = 0;
    let lit = 0;
    let translucent = 0;
    for (let y = 0; y < canvas.height; y++) {
      for (let x = 0; x < canvas.width; x++) {
        const [cx, cy] = [css(x), css(y)];
        if (canvas.overlays.some((b) => cx >= b.left && cx <= b.right && cy >= b.top && cy <= b.bottom)) continue;
        const o = (y * canvas.width + x) * 4;
        if (canvas.rgba[o + 3] !== 255) translucent++;
        for (let ch = 0; ch < 3; ch++) worst = Math.max(worst, Math.abs(picture.data[o + ch]! - canvas.rgba[o + ch]!));
        if (canvas.rgba[o]! + canvas.rgba[o + 1]! + canvas.rgba[o + 2]! > 60) lit++;
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0.6 * canvas.width * canvas.height);
    expect(lit).toBeGreaterThan(0.1 * compared); // the head is in the picture, not a blank pane
    expect(translucent).toBe(0);
    expect(worst).toBeLessThanOrEqual(2);

    // The annotation line and the orientation letter are in the PNG, where the canvas has neither.
    const at = (cssX: number, cssY: number) => {
      const o = (Math.round(cssY * canvas.ratio) * canvas.width + Math.round(cssX * canvas.ratio)) * 4;
      return { png: [...picture.data.subarray(o, o + 3)], gl: canvas.rgba.slice(o, o + 3) };
    };
    const mid = at(css(canvas.width) * 0.45, Math.round(css(canvas.height) * 0.6));
    expect(mid.png[1]).toBeGreaterThan(200);
    expect(mid.png[0]).toBeLessThan(80);
    expect(mid.png[2]).toBeLessThan(80);
    expect(mid.gl[1]! - mid.gl[0]!).toBeLessThan(40);
    let letterPixels = 0;
    for (let y = Math.ceil(canvas.letter.top); y < canvas.letter.bottom; y++) {
      for (let x = Math.ceil(canvas.letter.left); x < canvas.letter.right; x++) {
        const {
          png: [r, g, b],
        } = at(x, y);
        if (r! > 200 && g! > 150 && b! < 120) letterPixels++;
      }
    }
    expect(letterPixels).toBeGreaterThan(3);

    // The whole view, the patient in its name as the user asked: the canvas's size.
    await page.getByTestId('export-png-target').selectOption('view');
    await page.getByTestId('export-patient').check();
    const whole = await download(page, 'export-png');
    expect(whole.name).toBe('QMNx85rKkkg_REMOVED_CT_S2_HEAD_view.png');
    writeFileSync(join(ARTIFACTS_DIR, 'export-view.png'), whole.bytes);
    const view = PNG.sync.read(Buffer.from(whole.bytes));
    const size = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid="viewer"] canvas')!;
      return [c.width, c.height];
    });
    expect([view.width, view.height]).toEqual(size);

    expect(app.offOriginRequests).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
    await app.close();
  }, 300_000);
  it('writes a pipeline label mask as NIfTI and seg.nrrd on the volume grid, in the worker', async () => {
    const app = await openPage(baseUrl);
    const { page } = app;
    await waitForLoad(page);
    // Connected threshold from the volume's centre over soft tissue (40 HU): a mask of 0 and 1.
    await page.getByTestId('pipeline-select').selectOption('connected-threshold');
    await page.waitForFunction(
      () => !(document.querySelector('[data-testid="pipeline-run"]') as HTMLButtonElement).disabled,
      undefined,
      {
        timeout: 60_000,
      },
    );
    const dims = (await page.getByTestId('volume-info').getAttribute('data-dimensions'))!.split(',').map(Number);
    const seeds = page.getByTestId('pipeline-param-seed').locator('input');
    for (let axis = 0; axis < 3; axis++) await seeds.nth(axis).fill(String(Math.floor(dims[axis]! / 2)));
    await page.getByTestId('pipeline-param-lower').fill('0');
    await page.getByTestId('pipeline-param-upper').fill('100');
    await page.getByTestId('pipeline-run').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="pipeline-status"]')?.getAttribute('data-state') === 'done',
      undefined,
      {
        timeout: 120_000,
      },
    );
    await settle(page);
    await page.waitForTimeout(1000);
    await settle(page);

    await page.getByTestId('export-volume-format').selectOption('nifti');
    const volume = readNifti((await download(page, 'export-volume')).bytes);
    await page.getByTestId('export-mask-format').selectOption('nifti');
    const maskFile = await download(page, 'export-mask');
    expect(maskFile.name).toMatch(/_connected-threshold_output\.nii\.gz$/);
    const mask = readNifti(maskFile.bytes);
    expect(mask.datatype).toBe(2);
    expect(mask.dim).toEqual(volume.dim);
    mask.srow.forEach((row, r) => row.forEach((value, c) => expect(Math.abs(value - volume.srow[r]![c]!)).toBeLessThan(1e-4)));
    const labels = new Set(mask.voxels);
    expect([...labels].sort()).toEqual([0, 1]);
    expect(await page.getByTestId('export-status').getAttribute('data-voxels')).toBe('cloned');

    await page.getByTestId('export-mask-format').selectOption('seg-nrrd');
    const seg = await download(page, 'export-mask');
    expect(seg.name).toMatch(/\.seg\.nrrd$/);
    const headerEnd = Buffer.from(seg.bytes).indexOf('\n\n');
    const header = Buffer.from(seg.bytes.subarray(0, headerEnd)).toString('latin1');
    expect(header).toContain('Segmentation_MasterRepresentation:=Binary labelmap');
    const nonZero = [...labels].filter((label) => label !== 0).sort((a, b) => a - b);
    nonZero.forEach((label, index) => expect(header).toContain(`Segment${index}_LabelValue:=${label}\n`));
    expect(header).toMatch(/encoding: gzip|encoding: raw/);
    if (header.includes('encoding: raw')) {
      expect(Buffer.from(seg.bytes.subarray(headerEnd + 2)).equals(Buffer.from(mask.voxels))).toBe(true);
    }
    expect(app.offOriginRequests).toEqual([]);
    await app.close();
  }, 300_000);
});
