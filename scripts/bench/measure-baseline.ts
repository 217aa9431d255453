/** The baseline of one scenario: one plain `readImageDicomFileSeries` call on /baseline.html. */
import type { Browser } from 'playwright-core';
import type { BaselineResult } from '../../src/baseline/baseline-protocol';
import { openPage } from '../browser/open-page';
import { crashOf, firstLine, withTimeout } from './limits';

export interface BaselineOutcome {
  ms: number | null;
  error: string | null;
  size: number[] | null;
}

/** One `readImageDicomFileSeries` call over every file of `dir` on /baseline.html. */
export async function measureBaseline(
  browser: Browser,
  baseUrl: string,
  dir: string,
  timeoutMs: number,
): Promise<BaselineOutcome> {
  const opened = await openPage(baseUrl, { browser, path: 'baseline.html', recordingProxy: false });
  const { page } = opened;
  const crashed = crashOf(page);
  crashed.catch(() => undefined);
  try {
    const t0 = performance.now();
    await Promise.race([page.getByTestId('baseline-files').setInputFiles(dir, { timeout: timeoutMs }), crashed]);
    const left = Math.max(1_000, timeoutMs - (performance.now() - t0));
    await Promise.race([
      // A function, not a string: the page's Content-Security-Policy refuses eval.
      page.waitForFunction(
        () => (document.querySelector('[data-testid="baseline-result"]') as HTMLElement | null)?.dataset.state === 'done',
        undefined,
        { timeout: left, polling: 200 },
      ),
      crashed,
    ]);
    const text = await withTimeout(page.getByTestId('baseline-result').textContent(), 15_000, 'reading baseline result');
    const parsed = JSON.parse(text ?? '{}') as BaselineResult;
    return { ms: parsed.ms, error: parsed.error, size: parsed.size };
  } catch (error) {
    const message = firstLine(error);
    if (/crash/i.test(message)) return { ms: null, error: 'renderer process crashed', size: null };
    if (/timeout/i.test(message)) return { ms: null, error: 'timed out', size: null };
    return { ms: null, error: message, size: null };
  } finally {
    await withTimeout(opened.close(), 30_000, 'closing the baseline page').catch(() => undefined);
  }
}
