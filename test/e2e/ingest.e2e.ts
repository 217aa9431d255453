/**
 * Issue: ingest core in a real browser. Files go through the real file inputs, the volume is built by
 * itk-wasm in the ingest worker, and nothing leaves the page's origin.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { openPage } from '../../scripts/browser/open-page';
import { REPLACE_WORKERS_AFTER_BYTES } from '../../src/ingest/ingest-client';
import { generatePhantom } from '../../src/phantom/phantom';
import type { PhantomOptions } from '../../src/phantom/phantom-options';
import { scratchDir } from '../helpers/scratch-dir';
import { sharedCt } from '../helpers/shared-data';
import { waitForLoad } from './app-driver';

const baseUrl = inject('baseUrl');
const scratch = scratchDir('ct-e2e-ingest-');

afterAll(async () => {
  await closeSharedChromium();
});

/** A phantom series written as files in a folder of its own. */
function phantomFolder(name: string, options: PhantomOptions): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const file of generatePhantom(options).files) writeFileSync(join(dir, file.name), file.data);
  return dir;
}

describe('ingest in the browser', () => {
  it('opens the phantom study folder, lists every series, builds series 201 in a worker, 0 off-origin requests', async () => {
    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;
    await page.getByTestId('open-folder').setInputFiles(sharedCt('philips-phantom-tilt'));
    await page.getByTestId('series-list').waitFor();

    const rows = page.getByTestId('series-item');
    const listed = await rows.evaluateAll((elements) =>
      elements.map((e) => [e.getAttribute('data-series-number'), e.getAttribute('data-volume')]),
    );
    expect(listed.slice(0, 2)).toEqual([
      ['201', 'true'],
      ['301', 'true'],
    ]);
    expect(listed).toContainEqual(['100', 'false']);
    expect(listed.filter(([n]) => n === '401').every(([, v]) => v === 'false')).toBe(true);
    await expect.poll(() => page.getByTestId('load-state').getAttribute('data-state'), { timeout: 60_000 }).toBe('idle');
    expect(await page.getByTestId('skipped-files').textContent()).toContain('5 file(s) skipped');

    await page.locator('[data-testid="series-item"][data-series-number="201"]').click();
    expect(await page.getByTestId('load-state').getAttribute('data-state')).toBe('loading');
    const text = await waitForLoad(page);
    expect(text).toContain('gantry tilt 18.5° corrected');
    expect(await page.getByTestId('volume-info').getAttribute('data-dimensions')).toBe('512,599,54');

    // itk-wasm's pipeline was fetched and ran, yet the main thread never compiled any wasm.
    expect(app.allRequests.some((url) => url.includes('/itk/dicom/read-image-dicom-file-series'))).toBe(true);
    expect(await app.mainThreadWasm()).toBe(0);
    expect(app.offOriginRequests).toEqual([]);
    await app.close();
  });

  it('says in words why nothing could be built, and the next load works', async () => {
    const notDicom = join(scratch, 'notes.txt');
    writeFileSync(notDicom, 'not a DICOM file '.repeat(20));
    const empty = join(scratch, 'empty.dcm');
    writeFileSync(empty, '');
    const app = await openPage(baseUrl, { path: '?sample=none' });
    const { page } = app;

    await page.getByTestId('open-files').setInputFiles([notDicom, empty]);
    await expect.poll(() => page.getByTestId('load-state').getAttribute('data-state'), { timeout: 60_000 }).toBe('error');
    const message = (await page.getByTestId('load-state').textContent()) ?? '';
    expect(message).toContain('No volume can be built from 2 file(s)');
    expect(message).toContain('notes.txt: not a DICOM file');
    expect(message).toContain('empty.dcm: empty file');

    await page.getByTestId('open-folder').setInputFiles(sharedCt('philips-head'));
    const ready = await waitForLoad(page);
    expect(ready).toContain('512×512×28');
    expect(app.offOriginRequests).toEqual([]);
    await app.close();
  });

  it('keeps its workers after a small build, and replaces them after a large one (a heap never shrinks)', async () => {
    const small = phantomFolder('small', { rows: 32, columns: 32, slices: 8, seed: 'small' });
    const large = phantomFolder('large', { rows: 512, columns: 512, slices: 64, seed: 'large' });
    expect(512 * 512 * 64 * 2).toBeGreaterThanOrEqual(REPLACE_WORKERS_AFTER_BYTES);
    const app = await openPage(baseUrl, { path: null });
    const { page } = app;
    const started: Array<Promise<string>> = [];
    page.on('worker', (worker) => started.push(worker.evaluate(() => self.name).catch(() => '(ended)')));
    const ingestWorkers = async () => (await Promise.all(started)).filter((name) => name.startsWith('ingest-')).length;
    await page.goto(new URL('?sample=none', baseUrl).href);
    await expect.poll(() => page.getByTestId('load-state').getAttribute('data-warm'), { timeout: 60_000 }).toBe('ready');
    const load = async (dir: string) => {
      const before = await page.evaluate(() => performance.getEntriesByName('ct:load-start', 'mark').at(-1)?.startTime ?? -1);
      await page.getByTestId('open-folder').setInputFiles(dir);
      await page.waitForFunction(
        (start) =>
          (performance.getEntriesByName('ct:load-start', 'mark').at(-1)?.startTime ?? -1) !== start &&
          document.querySelector('[data-testid="load-state"]')?.getAttribute('data-state') === 'ready',
        before,
        { timeout: 120_000, polling: 50 },
      );
    };
    const pool = await ingestWorkers();
    expect(pool).toBeGreaterThan(0);
    for (let k = 0; k < 3; k++) await load(small);
    expect(await ingestWorkers()).toBe(pool);
    await load(large);
    await expect.poll(ingestWorkers, { timeout: 30_000 }).toBe(2 * pool);
    expect(app.offOriginRequests).toEqual([]);
    await app.close();
  });
});
