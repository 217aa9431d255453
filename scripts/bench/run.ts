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
 * 3. Per scenario, in a fresh Chromium (scripts/browser/chromium.ts):
 *    - app: fresh page at `?sample=none`, the folder handed to `[data-testid="open-folder"]`;
 *      times are the app's user-timing marks (src/perf/load-marks.ts) relative to
 *      ct:load-start; files are handed over once the app says it is warm (data-warm="ready");
 *      longest main-thread long task starting during the load (PerformanceObserver 'longtask',
 *      installed by an init script; the browser's own task that delivers the FileList and ends
 *      with the load start is reported apart as handoverTaskMs); peak private footprint and RSS
 *      of the page's renderer process (its workers included) and of the GPU process
 *      (scripts/bench/proc-memory.ts); then 20 W/L changes through the inputs, counting
 *      texImage3D/texSubImage3D calls; then, on the same page, the interaction phase
 *      (measure-interaction.ts): wheel steps, a W/L drag and a 3D rotation, each input timed to the
 *      GPU-finished frame that drew its pane (`ctViewer.frames()`), reported apart from `ok`;
 *    - baseline: fresh page at /baseline.html, one plain readImageDicomFileSeries over the same
 *      files in a module worker, timed from handing over to the resolved promise;
 *    - dcm2niix (when installed): wall time of `dcm2niix -z n -o TMP DIR`.
 * 4. Prints two tables (load, interaction); `--out FILE` writes everything as JSON.
 *
 * `--budget` (default 570 s) bounds the measuring part (not the one-time generation): every
 * wait is cut to what is left, so the run ends, reporting timeouts, instead of running long.
 *
 * Parts: cli-args.ts (command line), run-scenario.ts (one scenario's steps), measure-app-load.ts
 * and measure-baseline.ts (the two pages), page-probes.ts (what is read inside the app's page),
 * measure-interaction.ts / interaction-probes.ts / interaction-stats.ts (the interaction phase),
 * report.ts / report-output.ts (the figures, the table and the JSON); the browser, the server and
 * the app's page object are shared with the e2e tests under scripts/browser/.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs } from './cli-args';
import { type DatasetInfo } from './datasets';
import { hasDcm2niix } from './dcm2niix';
import { type DicomWebBenchReport, addDicomWebReport, runDicomWebScenario, takeDicomWebScenario } from './dicomweb-scenario';
import { log } from './log';
import type { BaselineOutcome } from './measure-baseline';
import { chromiumProcesses } from './proc-memory';
import { type ScenarioReport, scenarioReport } from './report';
import { printTable, writeReportJson } from './report-output';
import { runScenario } from './run-scenario';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<void> {
  // d: the 140-slice series through DICOMweb from a loopback Orthanc, beside local files (dicomweb-scenario.ts).
  const withDicomWeb = takeDicomWebScenario(process.argv);
  const args = parseBenchArgs();
  if (!args) return;
  const { selected, budgetMs } = args;

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
  const app = await (
    await import('../browser/build-and-serve')
  ).buildAndServe(ROOT, {
    tempPrefix: 'ct-viewer-bench-',
    keepDist: args.keepDist,
  });
  log(`built in ${(app.buildMs / 1000).toFixed(1)} s → ${app.outDir}; preview at ${app.baseUrl}`);

  const withDcm2niix = hasDcm2niix();
  const reports: ScenarioReport[] = [];
  let dicomweb: DicomWebBenchReport | null = null;
  try {
    for (const scenario of selected) {
      const input = data.get(scenario.key)!;
      if (input instanceof Error) {
        const verdict = { ok: false, error: `input not available: ${input.message}` };
        const notRun: BaselineOutcome = { ms: null, error: null, size: null };
        const outcome = { name: scenario.name, data: null, app: null, baseline: notRun, verdict, withDcm2niix, dcm2niixMs: null };
        reports.push(scenarioReport(outcome));
        continue;
      }
      log(`${scenario.name}: ${input.slices} slices, ${input.volumeMB.toFixed(0)} MiB (${input.dir})`);
      reports.push(await runScenario(scenario, input, app.baseUrl, remainingMs, withDcm2niix));
    }
    if (withDicomWeb) {
      dicomweb = await runDicomWebScenario(ROOT, app.outDir, remainingMs);
      log(
        `${dicomweb.name}: ratios ${JSON.stringify(dicomweb.ratiosBy)}, goals (on ${dicomweb.goalsJudgedOn}) met: ${dicomweb.goalsMet}${dicomweb.error ? ` (${dicomweb.error})` : ''}`,
      );
    }
  } finally {
    await app.close();
  }

  printTable(reports);
  if (args.out) {
    await writeReportJson(resolve(args.out), reports, { buildMs: app.buildMs, prepareMs });
    if (dicomweb) await addDicomWebReport(resolve(args.out), dicomweb);
    log(`wrote ${resolve(args.out)}`);
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
