/**
 * `npm run bench` — load-performance benchmark of the built app in headless Debian Chromium.
 *
 *   npm run bench -- [--scenarios a,b,c] [--out FILE] [--budget SECONDS] [--keep-dist]
 *
 * 1. Prepares the inputs (scripts/bench/datasets.ts): (a) ../shared/data/ct/philips-head,
 *    (b) a generated 512×512×140 phantom, (c) a generated 512×512×2000 phantom (1 GiB of
 *    int16, written file by file). (b) and (c) are generated once into .cache/bench/.
 * 2. `vite build` into a temp dir (both pages: the app and baseline.html), `vite preview` on
 *    127.0.0.1 with a free port.
 * 3. Per scenario, in a fresh Chromium (flags of test/e2e/browser.ts):
 *    - app: fresh page at `?sample=none`, the folder handed to `[data-testid="open-folder"]`;
 *      times are the app's user-timing marks (src/perf/load-marks.ts) relative to
 *      ct:load-start; files are handed over once the app says it is warm (data-warm="ready");
 *      longest main-thread long task starting during the load (PerformanceObserver 'longtask',
 *      installed by an init script; the browser's own task that delivers the FileList and ends
 *      with the load start is reported apart as handoverTaskMs); peak private footprint and RSS
 *      of the page's renderer process (its workers included) and of the GPU process
 *      (scripts/bench/proc-memory.ts); then 20 W/L changes through the inputs, counting
 *      texImage3D/texSubImage3D calls;
 *    - baseline: fresh page at /baseline.html, one plain readImageDicomFileSeries over the same
 *      files in a module worker, timed from handing over to the resolved promise;
 *    - dcm2niix (when installed): wall time of `dcm2niix -z n -o TMP DIR`.
 * 4. Prints a table; `--out FILE` writes everything as JSON.
 *
 * `--budget` (default 570 s) bounds the measuring part (not the one-time generation): every
 * wait is cut to what is left, so the run ends, reporting timeouts, instead of running long.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { chromiumExecutablePath, launchChromium } from '../../test/e2e/browser';
import { type DatasetInfo, SCENARIOS, type Scenario } from './datasets';
import { type AppLoadResult, type BaselineOutcome, measureAppLoad, measureBaseline, withTimeout } from './measure';
import { chromiumProcesses, descendantsOf } from './proc-memory';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const USAGE = `usage: npm run bench -- [--scenarios a,b,c] [--out FILE] [--budget SECONDS] [--keep-dist]
  a  ../shared/data/ct/philips-head (real CT, 28 slices + DIRFILE)
  b  generated phantom 512×512×140
  c  generated phantom 512×512×2000 (1 GiB of int16)`;

export interface ScenarioReport {
  name: string;
  slices: number | null;
  volumeMB: number | null;
  indexMs: number | null;
  firstSliceMs: number | null;
  fullLoadMs: number | null;
  first3dFrameMs: number | null;
  longestTaskMs: number | null;
  /** Peak private footprint of the page's renderer process, workers included (proc-memory.ts). */
  peakMemoryMB: number | null;
  /** Peak private footprint of the GPU process. */
  gpuProcessMB: number | null;
  baselineMs: number | null;
  baselineError: string | null;
  wlTextureUploads: number | null;
  ok: boolean;
  dcm2niixMs?: number | null;
  /** Why ok is false (load error, timeout, crash, missing marks, uploads during W/L). */
  error: string | null;
  longTaskCount: number | null;
  longTaskTotalMs: number | null;
  /** The browser's own task delivering the files (FileList of the folder), ending with the load start. */
  handoverTaskMs: number | null;
  wlMs: number | null;
  /** ct:load-start until two animation frames after ready: the loaded views are on screen. */
  presentedMs: number | null;
  loadState: string;
  baselineSize: number[] | null;
  /** WebGL errors reported during the load and W/L (count; the first is in `error`). */
  glErrors: number | null;
  /** console.error lines of the page and its workers (first 5). */
  consoleErrors: string[];
  /** The renderer's private footprint before the load: the app open and warm, nothing loaded. */
  startMemoryMB: number | null;
  /** Peak RSS of the renderer and GPU processes (shared pages included). */
  peakRssMB: number | null;
  gpuProcessRssMB: number | null;
  /** Time from page load until the app said it was warm (reader loaded, GPU programs built). */
  warmUpMs: number | null;
}

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

const round = (x: number | null | undefined, digits = 0): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits;

function hasDcm2niix(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v dcm2niix'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function timeDcm2niix(dir: string, timeoutMs: number): Promise<{ ms: number | null; error: string | null }> {
  const out = await mkdtemp(join(os.tmpdir(), 'ct-bench-dcm2niix-'));
  try {
    const t0 = performance.now();
    const child = spawn('dcm2niix', ['-z', 'n', '-o', out, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const code = await new Promise<number | null>((resolveExit) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('close', (exitCode) => {
        clearTimeout(timer);
        resolveExit(exitCode);
      });
    });
    const ms = performance.now() - t0;
    if (code === null) return { ms: null, error: `dcm2niix timed out after ${(timeoutMs / 1000).toFixed(0)} s` };
    if (code !== 0) return { ms, error: `dcm2niix exited with ${code}: ${stderr.trim().split('\n').pop() ?? ''}` };
    return { ms, error: null };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** Closes the browser; if that hangs, ends the Chromium processes this run started, by pid. */
async function closeBrowser(browser: Browser): Promise<void> {
  try {
    await withTimeout(browser.close(), 30_000, 'closing Chromium');
  } catch {
    const exe = chromiumExecutablePath();
    for (const pid of descendantsOf(process.pid)) {
      try {
        const cmd = (await import('node:fs')).readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (cmd.includes('chromium') || cmd.startsWith(exe)) process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}

function okAndWhy(app: AppLoadResult): { ok: boolean; error: string | null } {
  if (app.error) return { ok: false, error: app.error };
  const missing = (
    [
      ['ct:index-done', app.indexMs],
      ['ct:first-slice', app.firstSliceMs],
      ['ct:full-load', app.fullLoadMs],
      ['ct:first-3d-frame', app.first3dFrameMs],
    ] as const
  )
    .filter(([, v]) => v === null)
    .map(([name]) => name);
  if (app.state !== 'ready') return { ok: false, error: `load ended in state ${app.state}` };
  if (app.pageErrors.length > 0) return { ok: false, error: `uncaught page error: ${app.pageErrors[0]}` };
  if (app.glErrors.length > 0) {
    return { ok: false, error: `${app.glErrors.length} WebGL error(s) on the console, first: ${app.glErrors[0]}` };
  }
  if (missing.length > 0) return { ok: false, error: `missing marks: ${missing.join(', ')}` };
  if (app.wlTextureUploads !== 0) return { ok: false, error: `${app.wlTextureUploads ?? '?'} 3D texture uploads during W/L` };
  return { ok: true, error: null };
}

async function runScenario(
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
        appError = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        return null;
      });
      if (app) {
        log(`${scenario.name}: app ${app.state}${app.error ? ` (${app.error})` : ''}, full load ${round(app.fullLoadMs) ?? '–'} ms`);
        const m = app.memory;
        if (m) log(`${scenario.name}: renderer pid ${m.rendererPid ?? '?'}, GPU pid ${m.gpuPid ?? '?'}, ${m.samples} samples, ${m.method}`);
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
        error: error instanceof Error ? error.message.split('\n')[0]! : String(error),
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
  const report: ScenarioReport = {
    name: scenario.name,
    slices: data.slices,
    volumeMB: round(data.volumeMB, 1),
    indexMs: round(app?.indexMs),
    firstSliceMs: round(app?.firstSliceMs),
    fullLoadMs: round(app?.fullLoadMs),
    first3dFrameMs: round(app?.first3dFrameMs),
    longestTaskMs: round(app?.longestTaskMs),
    peakMemoryMB: round(app?.memory?.rendererPeakMB, 1),
    gpuProcessMB: round(app?.memory?.gpuPeakMB, 1),
    baselineMs: round(baseline.ms),
    baselineError: baseline.error,
    wlTextureUploads: app?.wlTextureUploads ?? null,
    ok: verdict.ok,
    ...(withDcm2niix ? { dcm2niixMs: round(dcm2niixMs) } : {}),
    error: verdict.error,
    longTaskCount: app?.longTaskCount ?? null,
    handoverTaskMs: round(app?.handoverTaskMs),
    longTaskTotalMs: round(app?.longTaskTotalMs),
    wlMs: round(app?.wlMs),
    presentedMs: round(app?.presentedMs),
    loadState: app?.state ?? 'not run',
    baselineSize: baseline.size,
    glErrors: app ? app.glErrors.length : null,
    consoleErrors: app ? app.consoleErrors.slice(0, 5) : [],
    startMemoryMB: round(app?.memory?.rendererStartMB, 1),
    peakRssMB: round(app?.memory?.rendererPeakRssMB, 1),
    gpuProcessRssMB: round(app?.memory?.gpuPeakRssMB, 1),
    warmUpMs: round(app?.warmUpMs),
  };
  return report;
}

function printTable(reports: ScenarioReport[]): void {
  const columns: [string, (r: ScenarioReport) => string][] = [
    ['scenario', (r) => r.name],
    ['slices', (r) => String(r.slices ?? '–')],
    ['MiB', (r) => String(r.volumeMB ?? '–')],
    ['index', (r) => String(r.indexMs ?? '–')],
    ['1st slice', (r) => String(r.firstSliceMs ?? '–')],
    ['full', (r) => String(r.fullLoadMs ?? '–')],
    ['1st 3D', (r) => String(r.first3dFrameMs ?? '–')],
    ['on screen', (r) => String(r.presentedMs ?? '–')],
    ['long task', (r) => String(r.longestTaskMs ?? '–')],
    ['renderer MiB', (r) => String(r.peakMemoryMB ?? '–')],
    ['(before)', (r) => String(r.startMemoryMB ?? '–')],
    ['(RSS)', (r) => String(r.peakRssMB ?? '–')],
    ['GPU MiB', (r) => String(r.gpuProcessMB ?? '–')],
    ['baseline', (r) => (r.baselineError ? 'error' : String(r.baselineMs ?? '–'))],
    ['dcm2niix', (r) => (r.dcm2niixMs === undefined ? 'n/a' : String(r.dcm2niixMs ?? '–'))],
    ['W/L uploads', (r) => String(r.wlTextureUploads ?? '–')],
    ['ok', (r) => (r.ok ? 'yes' : 'NO')],
  ];
  const cells = [columns.map(([h]) => h), ...reports.map((r) => columns.map(([, f]) => f(r)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  console.log(
    '\ntimes in ms from ct:load-start (on screen: two frames after ready); memory: peak private footprint (RssAnon + swap)\n' +
      'from load start to on screen, with the value before the load and the peak RSS (shared pages included) beside it',
  );
  for (const [i, row] of cells.entries()) {
    console.log(row.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  for (const r of reports) {
    if (r.error) console.log(`  ${r.name}: ${r.error}`);
    if (r.baselineError) console.log(`  ${r.name} baseline: ${r.baselineError}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenarios: { type: 'string' },
      out: { type: 'string' },
      budget: { type: 'string' },
      'keep-dist': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const wanted = (values.scenarios ?? SCENARIOS.map((s) => s.key).join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted.filter((key) => !SCENARIOS.some((s) => s.key === key || s.name === key));
  if (unknown.length > 0) {
    console.error(`unknown scenario(s) ${unknown.join(', ')}\n${USAGE}`);
    process.exit(2);
  }
  const selected = SCENARIOS.filter((s) => wanted.includes(s.key) || wanted.includes(s.name));
  const budgetMs = Number(values.budget ?? 570) * 1000;
  if (!Number.isFinite(budgetMs) || budgetMs <= 0) {
    console.error(`--budget needs a positive number of seconds\n${USAGE}`);
    process.exit(2);
  }

  // 1. inputs (one-time generation is not part of the budget)
  const tPrepare = performance.now();
  const data = new Map<string, DatasetInfo | Error>();
  for (const scenario of selected) {
    try {
      data.set(scenario.key, await scenario.prepare(ROOT, log));
    } catch (error) {
      data.set(scenario.key, error instanceof Error ? error : new Error(String(error)));
      log(`${scenario.name}: cannot prepare input: ${String(error)}`);
    }
  }
  const prepareMs = performance.now() - tPrepare;
  log(`inputs ready in ${(prepareMs / 1000).toFixed(1)} s`);

  // 2. build + serve
  const deadline = performance.now() + budgetMs;
  const remainingMs = () => deadline - performance.now();
  log('building the app (vite build)…');
  const app = await (await import('./server')).buildAndServe(ROOT, values['keep-dist'] ?? false);
  log(`built in ${(app.buildMs / 1000).toFixed(1)} s → ${app.outDir}; preview at ${app.baseUrl}`);

  const withDcm2niix = hasDcm2niix();
  const reports: ScenarioReport[] = [];
  try {
    for (const scenario of selected) {
      const input = data.get(scenario.key)!;
      if (input instanceof Error) {
        reports.push({
          name: scenario.name,
          slices: null,
          volumeMB: null,
          indexMs: null,
          firstSliceMs: null,
          fullLoadMs: null,
          first3dFrameMs: null,
          longestTaskMs: null,
          peakMemoryMB: null,
          gpuProcessMB: null,
          baselineMs: null,
          baselineError: null,
          wlTextureUploads: null,
          ok: false,
          ...(withDcm2niix ? { dcm2niixMs: null } : {}),
          error: `input not available: ${input.message}`,
          longTaskCount: null,
          longTaskTotalMs: null,
          handoverTaskMs: null,
          wlMs: null,
          presentedMs: null,
          loadState: 'not run',
          baselineSize: null,
          glErrors: null,
          consoleErrors: [],
          startMemoryMB: null,
          peakRssMB: null,
          gpuProcessRssMB: null,
          warmUpMs: null,
        });
        continue;
      }
      log(`${scenario.name}: ${input.slices} slices, ${input.volumeMB.toFixed(0)} MiB (${input.dir})`);
      reports.push(await runScenario(scenario, input, app.baseUrl, remainingMs, withDcm2niix));
    }
  } finally {
    await app.close();
  }

  printTable(reports);
  if (values.out) {
    const chromiumVersion = (() => {
      try {
        return execFileSync(chromiumExecutablePath(), ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      } catch {
        return null;
      }
    })();
    const document = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, memoryMB: Math.round(os.totalmem() / 2 ** 20), node: process.version, chromium: chromiumVersion },
      buildMs: Math.round(app.buildMs),
      prepareMs: Math.round(prepareMs),
      memoryMethod:
        'peakMemoryMB / gpuProcessMB: peak private footprint (RssAnon + VmSwap, sampled every 25 ms) of the busiest renderer / the GPU process; peakRssMB / gpuProcessRssMB: peak RSS (VmRSS sampled, VmHWM reset at load start); startMemoryMB: private footprint before the load (scripts/bench/proc-memory.ts)',
      scenarios: reports,
    };
    await writeFile(resolve(values.out), `${JSON.stringify(document, null, 2)}\n`);
    log(`wrote ${resolve(values.out)}`);
  }
  // leftover renderer/GPU processes would mean a leak of this harness
  const left = chromiumProcesses();
  if (left.length > 0) log(`warning: ${left.length} Chromium process(es) still running`);
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
