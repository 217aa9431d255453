/**
 * One scenario in a fresh Chromium: the app's load, then the baseline page, then (when installed)
 * dcm2niix; each step gets what is left of the run's budget.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromiumExecutablePath, launchChromium } from '../browser/chromium';
import type { DatasetInfo, Scenario } from './datasets';
import { timeDcm2niix } from './dcm2niix';
import { firstLine, withTimeout } from './limits';
import { log } from './log';
import { type AppLoadResult, measureAppLoad } from './measure-app-load';
import { type BaselineOutcome, measureBaseline } from './measure-baseline';
import { descendantsOf } from './proc-memory';
import { type ScenarioReport, okAndWhy, round, scenarioReport } from './report';

/** Closes the browser; if that hangs, ends the Chromium processes this run started, by pid. */
async function closeBrowser(browser: Browser): Promise<void> {
  try {
    await withTimeout(browser.close(), 30_000, 'closing Chromium');
  } catch {
    const exe = chromiumExecutablePath();
    for (const pid of descendantsOf(process.pid)) {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (cmd.includes('chromium') || cmd.startsWith(exe)) process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}

export async function runScenario(
  scenario: Scenario,
  data: DatasetInfo,
  baseUrl: string,
  remainingMs: () => number,
  withDcm2niix: boolean,
): Promise<ScenarioReport> {
  const stepLimit = (wanted: number): number => Math.max(0, Math.min(wanted, remainingMs() - 15_000));
  const empty: BaselineOutcome = { ms: null, error: 'skipped: run budget exhausted', size: null };
  let app: AppLoadResult | null = null;
  let baseline = empty;
  let appError: string | null = null;

  const browser = await launchChromium();
  try {
    const loadLimit = stepLimit(scenario.loadTimeoutMs);
    if (loadLimit < 5_000) appError = 'skipped: run budget exhausted';
    else {
      log(`${scenario.name}: app load (limit ${(loadLimit / 1000).toFixed(0)} s)`);
      app = await measureAppLoad(browser, baseUrl, data.dir, loadLimit, () => remainingMs() - 15_000).catch((error: unknown) => {
        appError = firstLine(error);
        return null;
      });
      if (app) {
        const why = app.error ? ` (${app.error})` : '';
        log(`${scenario.name}: app ${app.state}${why}, full load ${round(app.fullLoadMs) ?? '–'} ms`);
        const m = app.memory;
        if (m) {
          const pids = `renderer pid ${m.rendererPid ?? '?'}, GPU pid ${m.gpuPid ?? '?'}`;
          log(`${scenario.name}: ${pids}, ${m.samples} samples, ${m.method}`);
        }
        const ia = app.interaction;
        if (ia) {
          const rot = ia.rotation;
          const took = `${scenario.name}: interaction in ${(ia.durationMs / 1000).toFixed(1)} s`;
          log(
            `${took}: scroll p95 ${ia.scroll.p95Ms ?? '–'} ms, W/L p95 ${ia.windowLevel.p95Ms ?? '–'} ms, ` +
              `3D ${rot?.fps ?? '–'} fps, full ${rot?.fullQualityAfterMs ?? '–'} ms, ` +
              `scroll after 3D p95 ${ia.scrollAfterRotation.p95Ms ?? '–'} ms${ia.error ? ` (${ia.error})` : ''}`,
          );
        }
        if (app.consoleErrors.length > 0) log(`${scenario.name}: console errors: ${app.consoleErrors.slice(0, 3).join(' | ')}`);
      }
    }
    // a stray renderer of the closed app page would blur nothing here (baseline memory is not
    // reported), but give Chromium a moment to reclaim it before the baseline runs
    await new Promise((r) => setTimeout(r, 500));
    const baselineLimit = stepLimit(scenario.baselineTimeoutMs);
    if (baselineLimit >= 5_000) {
      log(`${scenario.name}: baseline readImageDicomFileSeries (limit ${(baselineLimit / 1000).toFixed(0)} s)`);
      baseline = await measureBaseline(browser, baseUrl, data.dir, baselineLimit).catch((error: unknown) => ({
        ms: null,
        error: firstLine(error),
        size: null,
      }));
      log(`${scenario.name}: baseline ${baseline.error ? `error: ${baseline.error}` : `${round(baseline.ms)} ms`}`);
    }
  } finally {
    await closeBrowser(browser);
  }

  let dcm2niixMs: number | null | undefined;
  if (withDcm2niix) {
    const limit = stepLimit(180_000);
    if (limit >= 5_000) {
      const d = await timeDcm2niix(data.dir, limit);
      if (d.error) log(`${scenario.name}: ${d.error}`);
      dcm2niixMs = d.error && d.ms === null ? null : d.ms;
    } else dcm2niixMs = null;
  }

  const verdict = app ? okAndWhy(app) : { ok: false, error: appError ?? 'app load not measured' };
  return scenarioReport({ name: scenario.name, data, app, baseline, verdict, withDcm2niix, dcm2niixMs });
}
