/**
 * The DICOMweb scenario of `npm run bench` (`--scenarios d`): the generated 512×512×140 series of
 * scenario b uploaded to a real Orthanc on loopback, then, alternating on fresh pages, the series
 * loaded from local files and through DICOMweb by the two ways the app reaches a server that sends no
 * CORS headers: nginx as the README deploys it (scripts/deploy/nginx.ts) and the Node proxy of
 * `npm start` / `npm run preview` (scripts/dicomweb-proxy.ts). Each is timed from the load's start
 * mark (the folder input's change; the click on the study row) to its first slice and full load, once
 * the app is warm. The JSON gets the figures, their medians and the ratios of issue #15's goals: full
 * load over DICOMweb ≤ 1.5× local files, first slice ≤ 0.25× the full load. The goals are judged on
 * the deployment (nginx; the Node proxy when nginx is not installed), the other path's ratios beside.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { serveBuild } from '../browser/build-and-serve';
import { launchChromium } from '../browser/chromium';
import { openPage } from '../browser/open-page';
import { type RunningNginx, nginxInstalled, startNginx } from '../deploy/nginx';
import { startOrthanc } from '../dicomweb/orthanc';
import { LOAD_MARKS } from '../../src/perf/load-marks';
import { SCENARIOS } from './datasets';
import { log } from './log';

export const DICOMWEB_SCENARIO = { key: 'd', name: 'dicomweb-512x512x140' } as const;
/** Loads of each source, alternated: the medians of four stand up to a noisy machine better than two. */
const ROUNDS = 4;
const GOALS = { fullLoadOverLocal: 1.5, firstSliceOverFullLoad: 0.25 };

/** How a load reached its files: the folder, or the server through nginx or through the Node proxy. */
export type LoadSource = 'local' | 'dicomweb-nginx' | 'dicomweb-node-proxy';

export interface LoadTimes {
  source: LoadSource;
  state: string;
  indexMs: number | null;
  firstSliceMs: number | null;
  fullLoadMs: number | null;
}

export interface Ratios {
  fullLoadOverLocal: number | null;
  firstSliceOverFullLoad: number | null;
}

export interface DicomWebBenchReport {
  name: string;
  slices: number | null;
  uploadMs: number | null;
  loads: LoadTimes[];
  median: Partial<Record<LoadSource, Omit<LoadTimes, 'source' | 'state'>>> | null;
  /** The goals' ratios on the path they are judged on (`goalsJudgedOn`). */
  ratios: Ratios;
  /** The same ratios for each DICOMweb path timed. */
  ratiosBy: Partial<Record<Exclude<LoadSource, 'local'>, Ratios>>;
  goalsJudgedOn: Exclude<LoadSource, 'local'> | null;
  goals: typeof GOALS;
  goalsMet: boolean;
  error: string | null;
}

/**
 * Takes the DICOMweb scenario out of `--scenarios` in `argv` (the other scenarios' parser does not
 * know it) and says whether it is to run: when named, or when no list is given (every scenario).
 */
export function takeDicomWebScenario(argv: string[]): boolean {
  const keys: string[] = [DICOMWEB_SCENARIO.key, DICOMWEB_SCENARIO.name];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const inline = arg.startsWith('--scenarios=');
    if (!inline && arg !== '--scenarios') continue;
    const value = inline ? arg.slice('--scenarios='.length) : (argv[i + 1] ?? '');
    const list = value.split(',').map((s) => s.trim());
    const rest = list.filter((s) => s !== '' && !keys.includes(s)).join(',');
    if (inline) argv[i] = `--scenarios=${rest}`;
    else argv[i + 1] = rest;
    return list.some((s) => keys.includes(s));
  }
  return true;
}

export async function runDicomWebScenario(root: string, outDir: string, remainingMs: () => number): Promise<DicomWebBenchReport> {
  const report: DicomWebBenchReport = {
    name: DICOMWEB_SCENARIO.name,
    slices: null,
    uploadMs: null,
    loads: [],
    median: null,
    ratios: { fullLoadOverLocal: null, firstSliceOverFullLoad: null },
    ratiosBy: {},
    goalsJudgedOn: null,
    goals: GOALS,
    goalsMet: false,
    error: null,
  };
  const phantom = SCENARIOS.find((s) => s.key === 'b')!;
  const data = await phantom.prepare(root, log);
  report.slices = data.slices;
  const orthanc = await startOrthanc();
  let served: Awaited<ReturnType<typeof serveBuild>> | null = null;
  let nginx: RunningNginx | null = null;
  let browser: Browser | null = null;
  try {
    const t0 = performance.now();
    const files = readdirSync(data.dir).map((name) => join(data.dir, name));
    const uploaded = await orthanc.upload(files);
    if (uploaded.rejected.length > 0)
      throw new Error(`Orthanc refused ${uploaded.rejected.length} file(s): ${uploaded.rejected[0]!.message}`);
    report.uploadMs = Math.round(performance.now() - t0);
    log(`${report.name}: ${files.length} files uploaded to Orthanc in ${(report.uploadMs / 1000).toFixed(1)} s`);
    served = await serveBuild(root, outDir, orthanc.root);
    if (nginxInstalled()) nginx = await startNginx(outDir, orthanc.root);
    else log(`${report.name}: nginx is not installed, DICOMweb is timed through the Node proxy only`);
    const sources: LoadSource[] = ['local', ...(nginx ? (['dicomweb-nginx'] as const) : []), 'dicomweb-node-proxy'];
    browser = await launchChromium();
    for (let round = 0; round < ROUNDS; round++) {
      for (const source of sources) {
        if (remainingMs() < 60_000) throw new Error('run budget exhausted');
        const baseUrl = source === 'dicomweb-nginx' ? nginx!.baseUrl : served.baseUrl;
        const times = await timeLoad(browser, baseUrl, source, data.dir, Math.min(150_000, remainingMs() - 15_000));
        report.loads.push(times);
        log(
          `${report.name}: ${source} ${times.state}, first slice ${times.firstSliceMs ?? '–'} ms, full load ${times.fullLoadMs ?? '–'} ms`,
        );
      }
    }
    summarize(report);
  } catch (error) {
    report.error = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    if (report.loads.length > 0) summarize(report);
  } finally {
    await browser?.close().catch(() => undefined);
    await served?.close();
    await nginx?.stop();
    await orthanc.stop();
  }
  return report;
}

function summarize(report: DicomWebBenchReport): void {
  const of = (source: LoadSource, key: 'indexMs' | 'firstSliceMs' | 'fullLoadMs') =>
    median(report.loads.filter((l) => l.source === source && l.state === 'ready').map((l) => l[key]));
  const timed = [...new Set(report.loads.map((l) => l.source))];
  report.median = Object.fromEntries(
    timed.map((source) => [
      source,
      { indexMs: of(source, 'indexMs'), firstSliceMs: of(source, 'firstSliceMs'), fullLoadMs: of(source, 'fullLoadMs') },
    ]),
  );
  const ratio = (a: number | null | undefined, b: number | null | undefined) =>
    a == null || b == null || b === 0 ? null : Math.round((a / b) * 1000) / 1000;
  const local = report.median.local;
  for (const source of ['dicomweb-nginx', 'dicomweb-node-proxy'] as const) {
    const dicomweb = report.median[source];
    if (!dicomweb) continue;
    report.ratiosBy[source] = {
      fullLoadOverLocal: ratio(dicomweb.fullLoadMs, local?.fullLoadMs),
      firstSliceOverFullLoad: ratio(dicomweb.firstSliceMs, dicomweb.fullLoadMs),
    };
  }
  report.goalsJudgedOn = report.ratiosBy['dicomweb-nginx']
    ? 'dicomweb-nginx'
    : report.ratiosBy['dicomweb-node-proxy']
      ? 'dicomweb-node-proxy'
      : null;
  report.ratios = (report.goalsJudgedOn && report.ratiosBy[report.goalsJudgedOn]) || {
    fullLoadOverLocal: null,
    firstSliceOverFullLoad: null,
  };
  const { fullLoadOverLocal, firstSliceOverFullLoad } = report.ratios;
  report.goalsMet =
    fullLoadOverLocal !== null &&
    firstSliceOverFullLoad !== null &&
    fullLoadOverLocal <= GOALS.fullLoadOverLocal &&
    firstSliceOverFullLoad <= GOALS.firstSliceOverFullLoad;
}

function median(values: Array<number | null>): number | null {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return Math.round(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** One load on a fresh page, handed over once the app is warm (as the other scenarios do). */
async function timeLoad(browser: Browser, baseUrl: string, source: LoadSource, dir: string, timeout: number): Promise<LoadTimes> {
  const opened = await openPage(baseUrl, { browser, path: null, recordingProxy: false });
  const { page } = opened;
  try {
    await page.goto(new URL(source === 'local' ? '?sample=none' : '?dicomweb=/dicom-web', baseUrl).href, { timeout: 60_000 });
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('[data-testid="load-state"]')?.dataset.warm === 'ready',
      undefined,
      {
        timeout: 60_000,
        polling: 50,
      },
    );
    if (source === 'local') await page.getByTestId('open-folder').setInputFiles(dir, { timeout });
    else {
      const row = page.getByTestId('dicomweb-study').first();
      await row.waitFor({ timeout: 30_000 });
      await page.waitForTimeout(200);
      await row.click();
    }
    const state = await loadEnd(page, timeout);
    // No named function inside: tsx would wrap it in a helper the page does not have.
    const [indexMs, firstSliceMs, fullLoadMs] = await page.evaluate(
      (names) => {
        const start = performance.getEntriesByName(names[0]!, 'mark')[0]?.startTime;
        return names.slice(1).map((name) => {
          const mark = performance.getEntriesByName(name, 'mark')[0];
          return mark && start !== undefined ? Math.round(mark.startTime - start) : null;
        });
      },
      [LOAD_MARKS.start, LOAD_MARKS.indexed, LOAD_MARKS.firstSlice, LOAD_MARKS.fullLoad],
    );
    const marks = { indexMs: indexMs ?? null, firstSliceMs: firstSliceMs ?? null, fullLoadMs: fullLoadMs ?? null };
    return { source, state, ...marks };
  } finally {
    await opened.close();
  }
}

async function loadEnd(page: Page, timeout: number): Promise<string> {
  const settled = await page.waitForFunction(
    () => {
      const state = document.querySelector('[data-testid="load-state"]')?.getAttribute('data-state');
      return state === 'ready' || state === 'error' ? state : false;
    },
    undefined,
    { timeout, polling: 50 },
  );
  return String(await settled.jsonValue());
}

/** Adds the scenario's report to the run's JSON (written by report-output.ts) under `dicomweb`. */
export async function addDicomWebReport(path: string, report: DicomWebBenchReport): Promise<void> {
  const document = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  document.dicomweb = report;
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
}
