/**
 * Issue #16 item 8: the built app, as `vite preview` serves it, sends a strict Content-Security-Policy
 * and nosniff; loads, renders, opens a series and runs pipelines (a packaged one and one added from
 * files) under it with no violation anywhere, page or workers; and the policy is enforced (an inline
 * script, eval, an inline style and an off-origin request are refused).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CSP_HEADER, contentSecurityPolicy, parseOrigins } from '../../scripts/csp-headers';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { type OpenedPage, openPage } from '../../scripts/browser/open-page';
import { scratchDir } from '../helpers/scratch-dir';
import { projectRoot } from '../helpers/shared-data';
import { settle, waitForLoad } from './app-driver';
import { type CspRecorder, recordCspViolations } from './csp-recorder';
import { litFraction, shoot } from './pixels';

const baseUrl = inject('baseUrl');
const dicomwebOrigins = parseOrigins(process.env.DICOMWEB_ORIGINS);
const PAGE_POLICY = contentSecurityPolicy({ dicomwebOrigins });
const WORKER_POLICY = contentSecurityPolicy({ dicomwebOrigins, pipelineWorker: true });

afterAll(() => closeSharedChromium());

async function choosePipeline(page: Page, name: string): Promise<void> {
  await page.getByTestId('pipeline-select').selectOption(name);
  await page.waitForFunction(
    () => !(document.querySelector('[data-testid="pipeline-run"]') as HTMLButtonElement | null)?.disabled,
    undefined,
    { timeout: 60_000 },
  );
}

async function runPipeline(page: Page): Promise<string> {
  await page.getByTestId('pipeline-run').click();
  await page.waitForFunction(
    () =>
      ['done', 'error', 'cancelled'].includes(
        document.querySelector('[data-testid="pipeline-status"]')?.getAttribute('data-state') ?? '',
      ),
    undefined,
    { timeout: 120_000 },
  );
  const status = page.getByTestId('pipeline-status');
  return `${await status.getAttribute('data-state')}: ${await status.textContent()}`;
}

async function headersOf(url: string): Promise<Headers> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  await response.arrayBuffer();
  return response.headers;
}

describe('Content-Security-Policy of the built app', () => {
  let app: OpenedPage;
  let page: Page;
  let csp: CspRecorder;
  let pageHeaders: Record<string, string>;
  const tmp = scratchDir('ct-csp-e2e-');

  beforeAll(async () => {
    app = await openPage(baseUrl, { path: null });
    page = app.page;
    csp = await recordCspViolations(app.context, page);
    const response = await page.goto(baseUrl, { waitUntil: 'load' });
    pageHeaders = (await response?.allHeaders()) ?? {};
  });

  afterAll(async () => {
    await csp?.close();
    await app?.close();
  });

  it('sends the policy and nosniff with the page', () => {
    expect(pageHeaders['content-security-policy']).toBe(PAGE_POLICY);
    expect(pageHeaders['x-content-type-options']).toBe('nosniff');
    expect(pageHeaders['cross-origin-opener-policy']).toBe('same-origin');
    expect(pageHeaders['cross-origin-embedder-policy']).toBe('require-corp');
    expect(PAGE_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(PAGE_POLICY).not.toMatch(/'unsafe-inline'|'unsafe-eval'|script-src[^;]*blob:/);
  });

  it('loads and renders the sample, opens its series, and runs pipelines with no violation', async () => {
    await waitForLoad(page);
    await settle(page);
    expect(litFraction(await shoot(page, 'view-axial', 'csp-axial.png'))).toBeGreaterThan(0.05);

    await page.locator('[data-testid="series-item"][data-volume="true"]').first().click();
    expect(await waitForLoad(page)).toMatch(/voxels ready/);
    await settle(page);
    expect(litFraction(await shoot(page, 'view-axial'))).toBeGreaterThan(0.05);

    await page.getByTestId('pipelines-panel').waitFor({ timeout: 60_000 });
    await choosePipeline(page, 'median-filter');
    await page.getByTestId('pipeline-param-radius').fill('1');
    expect(await runPipeline(page)).toMatch(/^done/);

    // A pipeline added from files runs from blob: modules in the pipeline worker (its own policy).
    fs.copyFileSync(path.join(projectRoot, 'public/pipelines/median-filter.js'), path.join(tmp, 'csp-median.js'));
    fs.copyFileSync(path.join(projectRoot, 'public/pipelines/median-filter.wasm.zst'), path.join(tmp, 'csp-median.wasm.zst'));
    await page
      .getByTestId('pipeline-add-files')
      .setInputFiles([path.join(tmp, 'csp-median.js'), path.join(tmp, 'csp-median.wasm.zst')]);
    await page.getByTestId('pipeline-param-radius').waitFor({ timeout: 60_000 });
    await choosePipeline(page, 'csp-median');
    await page.getByTestId('pipeline-param-radius').fill('1');
    expect(await runPipeline(page)).toMatch(/^done/);
    await settle(page);

    expect(await csp.violations()).toEqual([]);
    expect(app.consoleErrors.filter((error) => /Content Security Policy|Refused to/i.test(error))).toEqual([]);
    expect(app.consoleErrors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
  });

  it('sends it with the worker scripts and the .wasm files the app loaded', async () => {
    const loaded = (pattern: RegExp) => {
      const url = app.allRequests.find((request) => pattern.test(new URL(request).pathname));
      expect(url, `a request matching ${pattern}`).toBeDefined();
      return url!;
    };
    const ingestWorker = await headersOf(loaded(/\/assets\/ingest\.worker-[\w-]+\.js$/));
    const pipelineWorker = await headersOf(loaded(/\/assets\/pipeline\.worker-[\w-]+\.js$/));
    const readerWasm = await headersOf(loaded(/\/itk\/dicom\/read-image-dicom-file-series\.wasm\.zst$/));
    const pipelineWasm = await headersOf(loaded(/\/pipelines\/median-filter\.wasm\.zst$/));
    expect(ingestWorker.get(CSP_HEADER)).toBe(PAGE_POLICY);
    // Only the pipeline worker may import blob: modules (pipelines added from files).
    expect(pipelineWorker.get(CSP_HEADER)).toBe(WORKER_POLICY);
    for (const headers of [ingestWorker, pipelineWorker, readerWasm, pipelineWasm]) {
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(headers.get(CSP_HEADER)).toMatch(/^default-src 'self'; /);
    }
    expect(ingestWorker.get('content-type')).toMatch(/javascript/);
  });

  it('is enforced: an inline script, eval, an inline style and an off-origin request are refused', async () => {
    const before = (await csp.violations()).length;
    const outcome = await page.evaluate(async () => {
      const w = window as unknown as { __inlineRan?: number; __timerRan?: number };
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = 1';
      document.head.append(script);
      // Later, in a task of the page's own: DevTools lets code it evaluates itself use eval.
      await new Promise((resolve) => setTimeout(resolve, 0));
      let evalRefused = false;
      try {
        new Function('return 1')();
      } catch (error) {
        evalRefused = error instanceof EvalError;
      }
      setTimeout('window.__timerRan = 1', 0);
      const styled = document.createElement('div');
      styled.setAttribute('style', 'color: red');
      document.body.append(styled);
      const inlineStyle = styled.style.color;
      styled.remove();
      const offOrigin = await fetch('http://127.0.0.2:9/').then(
        () => 'fetched',
        () => 'refused',
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { inlineRan: w.__inlineRan ?? null, timerRan: w.__timerRan ?? null, evalRefused, inlineStyle, offOrigin };
    });
    expect(outcome).toEqual({ inlineRan: null, timerRan: null, evalRefused: true, inlineStyle: '', offOrigin: 'refused' });
    const refused = (await csp.violations()).slice(before).join('\n');
    for (const directive of ['script-src-elem', 'script-src', 'style-src-attr', 'connect-src'])
      expect(refused).toContain(directive);
  });
});
