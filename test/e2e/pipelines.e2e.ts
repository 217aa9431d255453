/**
 * Issue: custom WASM pipelines through runPipeline. The pipelines panel on the generated phantom in
 * Debian Chromium: forms generated from --interface-json, runs in the pipeline worker, results as
 * layers (grey volumes and coloured masks read back from screenshots), cancel, pipelines added from
 * files, all without a request off the app's origin and without wasm on the main thread.
 *
 * E2E_PIPELINE_BENCH=1 also times median radius 1 on a 512×512×140 phantom opened from a folder.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ZSTDDecoder } from '@thewtex/zstddec';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Vec3 } from '../../src/dicom/types';
import { MARKER_CENTRE_X, MARKER_CENTRE_Y } from '../../src/phantom/phantom-model';
import { OWN_PIPELINES } from '../../src/processing/own-pipelines';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { type OpenedPage, openPage } from '../../scripts/browser/open-page';
import { scratchDir } from '../helpers/scratch-dir';
import { projectRoot as REPO } from '../helpers/shared-data';
import { settle, waitForLoad, worldToPage } from './app-driver';
import { ARTIFACTS_DIR, type Picture, rgbAt, shoot } from './pixels';

const baseUrl = inject('baseUrl');
/**
 * The volume-info panel belongs to App (src/ui/app.ts), which renders it when a series loads; it
 * follows volumes the viewer is handed later (viewer.show) only once App listens to viewer.onVolume.
 */
const OWN = OWN_PIPELINES;

afterAll(async () => {
  await closeSharedChromium();
});

async function choose(page: Page, name: string): Promise<void> {
  await page.getByTestId('pipeline-select').selectOption(name);
  await page.getByTestId('pipeline-form').waitFor({ state: 'attached', timeout: 60_000 });
  await page.waitForFunction(
    () => !(document.querySelector('[data-testid="pipeline-run"]') as HTMLButtonElement).disabled,
    undefined,
    { timeout: 60_000 },
  );
}

async function statusOf(page: Page): Promise<{ state: string; text: string }> {
  const status = page.getByTestId('pipeline-status');
  return { state: (await status.getAttribute('data-state')) ?? '', text: (await status.textContent()) ?? '' };
}

async function waitForState(page: Page, states: string[], timeout = 120_000): Promise<{ state: string; text: string }> {
  await page.waitForFunction(
    (wanted) => wanted.includes(document.querySelector('[data-testid="pipeline-status"]')?.getAttribute('data-state') ?? ''),
    states,
    { timeout },
  );
  return statusOf(page);
}

/** Clicks Run and waits for the end; fails with the status text unless it is done. */
async function run(page: Page): Promise<string> {
  await page.getByTestId('pipeline-run').click();
  const { state, text } = await waitForState(page, ['done', 'error', 'cancelled']);
  if (state !== 'done') throw new Error(`run ended ${state}: ${text}`);
  return text;
}

async function layerNames(page: Page): Promise<string[]> {
  return page.getByTestId('layer-item').evaluateAll((items) => items.map((item) => item.getAttribute('data-name') ?? ''));
}

async function volumeDimensions(page: Page): Promise<string> {
  return (await page.getByTestId('volume-info').getAttribute('data-dimensions')) ?? '';
}

function saturation([r, g, b]: [number, number, number]): number {
  return Math.max(r, g, b) - Math.min(r, g, b);
}

/** Least saturated pixel in a 3×3 neighbourhood of a page point (robust to one stray line pixel). */
function colourAt(picture: Picture, x: number, y: number): number {
  let least = 255;
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++) least = Math.min(least, saturation(rgbAt(picture, x + dx, y + dy)));
  return least;
}

describe('pipelines panel on the generated phantom', () => {
  let app: OpenedPage;
  let page: Page;
  const tmp = scratchDir('ct-pipelines-e2e-');

  beforeAll(async () => {
    app = await openPage(baseUrl);
    page = app.page;
    await waitForLoad(page);
    await page.getByTestId('pipelines-panel').waitFor();
    await settle(page);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('lists the own pipelines and downsample, with a form generated from --interface-json', async () => {
    const options = await page
      .getByTestId('pipeline-select')
      .locator('option')
      .evaluateAll((list) => list.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual([...OWN, 'downsample']);
    await choose(page, 'median-filter');
    expect(await page.getByTestId('pipeline-param-radius').inputValue()).toBe('1');
    await choose(page, 'connected-threshold');
    for (const name of ['seed', 'lower', 'upper'])
      await expect(page.getByTestId(`pipeline-param-${name}`).count()).resolves.toBe(1);
    expect(await page.getByTestId('pipeline-param-memory-io').count()).toBe(0);
    // Required values missing: the run is refused with the reason, nothing starts.
    await page.getByTestId('pipeline-run').click();
    expect(await statusOf(page)).toMatchObject({ state: 'error' });
    expect((await statusOf(page)).text).toMatch(/lower required/);
  });

  it('runs median radius 1: a new layer, the volume keeps 128×128×64', async () => {
    await choose(page, 'median-filter');
    await page.getByTestId('pipeline-param-radius').fill('1');
    await run(page);
    expect(await layerNames(page)).toContain('median-filter output');
    expect(await volumeDimensions(page)).toBe('128,128,64');
    const timings = JSON.parse((await page.getByTestId('pipeline-status').getAttribute('data-timings'))!);
    expect(timings.volumeSent).toBe(true);
    await page.getByTestId('pipeline-original').click();
    await settle(page);
  });

  it('connected-threshold with the seed picked by a click on the marker shows a coloured mask in all slice views', async () => {
    await choose(page, 'connected-threshold');
    await page.getByTestId('pipeline-param-seed-pick').check();
    const z = (await page.evaluate(() => (window as unknown as { ctViewer: { cursor(): number[] } }).ctViewer.cursor()))[2]!;
    const marker: Vec3 = [MARKER_CENTRE_X, MARKER_CENTRE_Y, z];
    const [x, y] = await worldToPage(page, 'axial', marker);
    await page.mouse.click(x, y);
    await settle(page);
    const seed = await page
      .getByTestId('pipeline-param-seed')
      .locator('input')
      .evaluateAll((inputs) => inputs.map((i) => Number((i as HTMLInputElement).value)));
    expect(seed).toHaveLength(3);
    const geometry = await page.evaluate(() => {
      const info = document.querySelector('[data-testid="volume-info"]')!;
      return {
        spacing: info.getAttribute('data-spacing')!.split(',').map(Number),
        origin: info.getAttribute('data-origin')!.split(',').map(Number),
      };
    });
    // axis-aligned phantom: index = (world − origin) / spacing
    const expected = marker.map((w, a) => Math.round((w - geometry.origin[a]!) / geometry.spacing[a]!));
    for (const axis of [0, 1, 2])
      expect(Math.abs(seed[axis]! - expected[axis]!), `seed ${seed} vs ${expected}`).toBeLessThanOrEqual(1);
    await page.getByTestId('pipeline-param-seed-pick').uncheck();

    const panes = ['axial', 'coronal', 'sagittal'] as const;
    const before = await Promise.all(panes.map((pane) => shoot(page, `view-${pane}`)));
    await page.getByTestId('pipeline-param-lower').fill('1500');
    await page.getByTestId('pipeline-param-upper').fill('2500');
    await run(page);
    await settle(page);
    expect(await page.locator('[data-testid="layer-item"][data-kind="mask"]').count()).toBe(1);
    await page.getByTestId('pipelines-panel').screenshot({ path: path.join(ARTIFACTS_DIR, 'pipelines-panel.png') });
    // Inside the rod but off the crosshair lines (which are drawn through the clicked point).
    const inRod: Vec3 = [MARKER_CENTRE_X + 3, MARKER_CENTRE_Y + 3, z - 5];
    for (const [index, pane] of panes.entries()) {
      const after = await shoot(page, `view-${pane}`, `pipeline-mask-${pane}.png`);
      const [px, py] = await worldToPage(page, pane, inRod);
      expect(colourAt(before[index]!, px, py), `${pane} before`).toBeLessThan(12);
      expect(colourAt(after, px, py), `${pane} after`).toBeGreaterThan(60);
      // Far from the marker (soft tissue) stays grey.
      const [gx, gy] = await worldToPage(page, pane, [-40, 30, z - 5]);
      expect(saturation(rgbAt(after, gx, gy)), `${pane} soft tissue`).toBeLessThan(12);
    }

    // The mask can be removed again.
    await page.locator('[data-testid="layer-item"][data-kind="mask"] [data-testid="layer-remove"]').click();
    await settle(page);
    const [ax, ay] = await worldToPage(page, 'axial', inRod);
    expect(colourAt(await shoot(page, 'view-axial'), ax, ay)).toBeLessThan(12);
  });

  it('downsample (shrink factors 2,2,2) yields a volume of half the size', async () => {
    await choose(page, 'downsample');
    const factors = page.getByTestId('pipeline-param-shrink-factors');
    expect(await factors.inputValue()).toBe('2,2,2');
    await run(page);
    expect(await layerNames(page)).toContain('downsample output');
    expect(await page.locator('[data-testid="layer-item"][data-name="downsample output"]').getAttribute('data-dimensions')).toBe(
      '64,64,32',
    );
    // The displayed volume is the half-size one: the panes page through half as many slices.
    const counts = async () =>
      Promise.all(
        ['axial', 'coronal', 'sagittal'].map(async (pane) => page.getByTestId(`view-${pane}`).getAttribute('data-slice-count')),
      );
    expect(await counts()).toEqual(['32', '64', '64']);
    expect(await volumeDimensions(page)).toBe('64,64,32');
    await page.getByTestId('pipeline-original').click();
    await settle(page);
    expect(await counts()).toEqual(['64', '128', '128']);
    expect(await volumeDimensions(page)).toBe('128,128,64');
  });

  it('cancels a long median (radius 20); the UI stays live and the next run works', async () => {
    expect(await page.getByTestId('view-axial').getAttribute('data-slice-count')).toBe('64');
    // (41^3 values per voxel: minutes. ITK's discrete Gaussian refuses sigmas beyond 25 voxels.)
    await choose(page, 'median-filter');
    await page.getByTestId('pipeline-param-radius').fill('20');
    await page.getByTestId('pipeline-run').click();
    await waitForState(page, ['running']);
    // The elapsed time keeps ticking while the worker computes: the main thread is free.
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="pipeline-status"]')?.getAttribute('data-elapsed-ms')) > 300,
      undefined,
      { timeout: 20_000 },
    );
    expect((await statusOf(page)).state).toBe('running');
    // The page still runs its tasks: one posted now runs, and the elapsed time goes on ticking (frame
    // rates are the benchmark's business, not a test's).
    const elapsed = async () => Number(await page.getByTestId('pipeline-status').getAttribute('data-elapsed-ms'));
    const before = await elapsed();
    expect(await page.evaluate(() => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 0)))).toBe(true);
    await page.waitForFunction(
      (previous) => Number(document.querySelector('[data-testid="pipeline-status"]')?.getAttribute('data-elapsed-ms')) > previous,
      before,
      { timeout: 20_000 },
    );
    expect(await elapsed()).toBeGreaterThan(before);
    await page.getByTestId('pipeline-cancel').click();
    const cancelled = await waitForState(page, ['cancelled', 'done', 'error'], 10_000);
    expect(cancelled.state).toBe('cancelled');
    await choose(page, 'gaussian-smoothing');
    await page.getByTestId('pipeline-param-sigma').fill('1');
    await run(page);
    expect(await layerNames(page)).toContain('gaussian-smoothing output');
    await page.getByTestId('pipeline-original').click();
  });

  it('shows a failing pipeline’s stderr in the status', async () => {
    await choose(page, 'connected-threshold');
    await page.getByTestId('pipeline-param-seed-0').fill('5000');
    await page.getByTestId('pipeline-param-seed-1').fill('0');
    await page.getByTestId('pipeline-param-seed-2').fill('0');
    await page.getByTestId('pipeline-param-lower').fill('0');
    await page.getByTestId('pipeline-param-upper').fill('1');
    await page.getByTestId('pipeline-run').click();
    const { state, text } = await waitForState(page, ['done', 'error', 'cancelled']);
    expect(state).toBe('error');
    expect(text).toMatch(/connected-threshold failed \(exit code [1-9]\d*\): \S+/);
    expect(text).toMatch(/seed/i);
  });

  it('adds a pipeline from a .js + .wasm.zst pair (and from .js + plain .wasm) and runs it', async () => {
    fs.copyFileSync(path.join(REPO, 'public/pipelines/median-filter.js'), path.join(tmp, 'my-median.js'));
    fs.copyFileSync(path.join(REPO, 'public/pipelines/median-filter.wasm.zst'), path.join(tmp, 'my-median.wasm.zst'));
    await page
      .getByTestId('pipeline-add-files')
      .setInputFiles([path.join(tmp, 'my-median.js'), path.join(tmp, 'my-median.wasm.zst')]);
    await expect(page.locator('[data-testid="pipeline-select"] option[value="my-median"]').count()).resolves.toBe(1);
    expect(await page.getByTestId('pipeline-select').inputValue()).toBe('my-median');
    await page.getByTestId('pipeline-param-radius').waitFor({ timeout: 60_000 });
    await page.getByTestId('pipeline-param-radius').fill('1');
    await run(page);
    expect(await layerNames(page)).toContain('my-median output');
    expect(await volumeDimensions(page)).toBe('128,128,64');

    const decoder = new ZSTDDecoder();
    await decoder.init();
    const wasm = decoder.decode(fs.readFileSync(path.join(REPO, 'public/pipelines/median-filter.wasm.zst')));
    fs.copyFileSync(path.join(REPO, 'public/pipelines/median-filter.js'), path.join(tmp, 'plain-median.js'));
    fs.writeFileSync(path.join(tmp, 'plain-median.wasm'), wasm);
    await page
      .getByTestId('pipeline-add-files')
      .setInputFiles([path.join(tmp, 'plain-median.js'), path.join(tmp, 'plain-median.wasm')]);
    await choose(page, 'plain-median');
    await page.getByTestId('pipeline-param-radius').fill('1');
    await run(page);
    expect(await layerNames(page)).toContain('plain-median output');
    await page.getByTestId('pipeline-original').click();
  });

  it('made no off-origin request and ran no wasm on the main thread', async () => {
    expect(app.offOriginRequests).toEqual([]);
    expect(await app.mainThreadWasm()).toBe(0);
  });
});

/** Pipeline URLs (…/pipelines/<name>.js or .wasm.zst) fetched so far by the page and its workers. */
async function pipelineFetches(page: Page): Promise<string[]> {
  const list = () =>
    performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => /\/pipelines\/[^/]+\.(js|wasm\.zst)$/.test(name));
  const lists = await Promise.all([page.evaluate(list), ...page.workers().map((worker) => worker.evaluate(list))]);
  return [...new Set(lists.flat().map((url) => url.replace(/^.*\/pipelines\//, '')))].sort();
}

/** Runs `name` with `fields` filled in; returns the run summary the status keeps (data-timings). */
async function runWith(page: Page, name: string, fields: Record<string, string>): Promise<Record<string, unknown>> {
  await choose(page, name);
  for (const [field, value] of Object.entries(fields)) await page.getByTestId(`pipeline-param-${field}`).fill(value);
  await run(page);
  return JSON.parse((await page.getByTestId('pipeline-status').getAttribute('data-timings'))!) as Record<string, unknown>;
}

describe('ITK filters for CT readers on the 140-slice sample', () => {
  let app: OpenedPage;
  let page: Page;

  beforeAll(async () => {
    app = await openPage(baseUrl, { path: `?sample=${encodeURIComponent(JSON.stringify({ slices: 140 }))}` });
    page = app.page;
    await waitForLoad(page, 300_000);
    await page.getByTestId('pipelines-panel').waitFor();
    await settle(page);
  }, 360_000);

  afterAll(async () => {
    await app?.close();
  });

  it('panel startup loads no module: the first form comes from its interface file', async () => {
    await page.getByTestId('pipeline-form').waitFor({ state: 'attached', timeout: 60_000 });
    expect(await pipelineFetches(page)).toEqual([]);
    const interfaceFiles = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => entry.name.replace(/^.*\/pipelines\//, ''))
        .filter((name) => name.endsWith('.interface.json')),
    );
    expect(interfaceFiles).toEqual([`${OWN[0]}.interface.json`]);
    expect(await page.locator('[data-testid=pipeline-form] input, [data-testid=pipeline-form] select').count()).toBeGreaterThan(
      0,
    );
  });

  it('anisotropic-diffusion gives a grey float volume of 128×128×140', async () => {
    const timings = await runWith(page, 'anisotropic-diffusion', { iterations: '2' });
    console.log(`[pipelines] anisotropic-diffusion 128×128×140 (2 iterations) in Chromium: ${JSON.stringify(timings)}`);
    expect(await layerNames(page)).toContain('anisotropic-diffusion output');
    expect(await volumeDimensions(page)).toBe('128,128,140');
    expect(await pipelineFetches(page)).toContain('anisotropic-diffusion.wasm.zst');
    await page.getByTestId('pipeline-original').click();
    await settle(page);
  });

  it.each(['tissue-mask', 'otsu-multiple-thresholds'])('%s (defaults) gives one coloured mask layer', async (name) => {
    const timings = await runWith(page, name, {});
    console.log(`[pipelines] ${name} 128×128×140 (defaults) in Chromium: ${JSON.stringify(timings)}`);
    const masks = page.locator(`[data-testid="layer-item"][data-kind="mask"][data-name="${name} output"]`);
    expect(await masks.count()).toBe(1);
    await masks.locator('[data-testid="layer-remove"]').click();
    await settle(page);
  });

  it('cancels a long anisotropic diffusion (100 iterations); the next run works', async () => {
    await choose(page, 'anisotropic-diffusion');
    await page.getByTestId('pipeline-param-iterations').fill('100');
    await page.getByTestId('pipeline-run').click();
    await waitForState(page, ['running']);
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="pipeline-status"]')?.getAttribute('data-elapsed-ms')) > 500,
      undefined,
      { timeout: 20_000 },
    );
    await page.getByTestId('pipeline-cancel').click();
    expect((await waitForState(page, ['cancelled', 'done', 'error'], 10_000)).state).toBe('cancelled');
    await runWith(page, 'otsu-multiple-thresholds', { thresholds: '1' });
    expect(await page.locator('[data-testid="layer-item"][data-kind="mask"]').count()).toBe(1);
  });

  it('made no off-origin request and ran no wasm on the main thread', async () => {
    expect(app.offOriginRequests).toEqual([]);
    expect(await app.mainThreadWasm()).toBe(0);
  });
});

describe.runIf(process.env.E2E_PIPELINE_BENCH === '1')('ITK filters on a 512×512×140 volume (E2E_PIPELINE_BENCH=1)', () => {
  it('reports the wall time of each, with default parameters', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-pipelines-bench-itk-'));
    const app = await openPage(baseUrl, { path: '?sample=none&profile=1' });
    try {
      execFileSync('npx', ['tsx', 'scripts/write-phantom.ts', dir, '--rows', '512', '--columns', '512', '--slices', '140'], {
        cwd: REPO,
        stdio: 'ignore',
      });
      const { page } = app;
      await page.getByTestId('open-folder').setInputFiles(dir);
      await waitForLoad(page, 300_000);
      await page.getByTestId('pipelines-panel').waitFor();
      for (const name of ['anisotropic-diffusion', 'tissue-mask', 'otsu-multiple-thresholds']) {
        const timings = await runWith(page, name, {});
        console.log(`[pipelines bench] 512×512×140 int16, ${name} (defaults): ${JSON.stringify(timings)}`);
        // A grey output replaced the volume shown; a mask was added on top of it.
        if (name === 'anisotropic-diffusion') await page.getByTestId('pipeline-original').click();
        else await page.locator('[data-testid="layer-item"][data-kind="mask"] [data-testid="layer-remove"]').click();
        await settle(page);
      }
    } finally {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 1_200_000);
});

describe.runIf(process.env.E2E_PIPELINE_BENCH === '1')('median radius 1 on a 512×512×140 volume (E2E_PIPELINE_BENCH=1)', () => {
  it('reports wall time, data movement and the longest main-thread task', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-pipelines-bench-'));
    const app = await openPage(baseUrl, { path: '?sample=none&profile=1' });
    try {
      execFileSync('npx', ['tsx', 'scripts/write-phantom.ts', dir, '--rows', '512', '--columns', '512', '--slices', '140'], {
        cwd: REPO,
        stdio: 'ignore',
      });
      const { page } = app;
      await page.getByTestId('open-folder').setInputFiles(dir);
      await waitForLoad(page, 300_000);
      await page.getByTestId('pipelines-panel').waitFor();
      await page.evaluate(() => {
        const w = window as unknown as { __longTasks: Array<{ start: number; duration: number }> };
        w.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) w.__longTasks.push({ start: entry.startTime, duration: entry.duration });
        }).observe({ type: 'longtask' });
      });
      const rows: Array<Record<string, unknown>> = [];
      for (const label of ['first run (volume sent to the worker)', 'second run (worker holds the volume)']) {
        await choose(page, 'median-filter');
        await page.getByTestId('pipeline-param-radius').fill('1');
        // For comparison: the longest task in one idle second before the run (rendering alone).
        const idleFrom = await page.evaluate(() => performance.now());
        await page.waitForTimeout(1000);
        const idleTo = await page.evaluate(() => performance.now());
        await run(page);
        await settle(page);
        const timings = JSON.parse((await page.getByTestId('pipeline-status').getAttribute('data-timings'))!);
        /** Longest long task that ended in (from, to]: the task receiving the result belongs to showing. */
        const longest = (a: number, b: number) =>
          page.evaluate(
            ([from, to]) =>
              Math.max(
                0,
                ...(window as unknown as { __longTasks: Array<{ start: number; duration: number }> }).__longTasks
                  .filter((t) => t.start + t.duration > from! && t.start + t.duration <= to!)
                  .map((t) => t.duration),
              ),
            [a, b],
          );
        rows.push({
          run: label,
          ...timings,
          longestTaskUntilResultMs: await longest(timings.startedAt - 50, timings.receivedAt),
          longestTaskWhileShowingMs: await longest(timings.receivedAt, timings.shownAt + 50),
          longestTaskIdleSecondBeforeMs: await longest(idleFrom, idleTo),
        });
        await page.getByTestId('pipeline-original').click();
        await settle(page);
      }
      const round = (row: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 10) / 10 : v]));
      console.log(
        `[pipelines bench] 512×512×140 int16, median radius 1\n${rows.map((row) => JSON.stringify(round(row))).join('\n')}`,
      );
      expect(app.offOriginRequests).toEqual([]);
      expect(await app.mainThreadWasm()).toBe(0);
    } finally {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
