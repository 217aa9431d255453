/** The benchmark's results: a table on the console, and everything as JSON. */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { chromiumExecutablePath } from '../browser/chromium';
import type { ScenarioReport } from './report';

type Column = [string, (r: ScenarioReport) => string];

/** Rows of `columns`, the first column left-aligned, the others right-aligned. */
function printColumns(columns: Column[], reports: ScenarioReport[]): void {
  const cells = [columns.map(([h]) => h), ...reports.map((r) => columns.map(([, f]) => f(r)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  for (const [i, row] of cells.entries()) {
    console.log(row.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

export function printTable(reports: ScenarioReport[]): void {
  const columns: Column[] = [
    ['scenario', (r) => r.name],
    ['slices', (r) => String(r.slices ?? '–')],
    ['MiB', (r) => String(r.volumeMB ?? '–')],
    ['index', (r) => String(r.indexMs ?? '–')],
    ['1st slice', (r) => String(r.firstSliceMs ?? '–')],
    ['full', (r) => String(r.fullLoadMs ?? '–')],
    ['1st 3D', (r) => String(r.first3dFrameMs ?? '–')],
    ['full 3D', (r) => String(r.refined3dMs ?? '–')],
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
  console.log(
    '\ntimes in ms from ct:load-start (on screen: two frames after ready); memory: peak private footprint (RssAnon + swap)\n' +
      'from load start to on screen, with the value before the load and the peak RSS (shared pages included) beside it',
  );
  printColumns(columns, reports);
  for (const r of reports) {
    if (r.error) console.log(`  ${r.name}: ${r.error}`);
    if (r.baselineError) console.log(`  ${r.name} baseline: ${r.baselineError}`);
  }
  printInteractionTable(reports);
}

/** A figure of the interaction phase, with "(n t/o)" when steps timed out. */
const ms = (value: number | null | undefined, timeouts = 0): string =>
  `${value ?? '–'}${timeouts > 0 ? ` (${timeouts} t/o)` : ''}`;

function printInteractionTable(reports: ScenarioReport[]): void {
  const measured = reports.filter((r) => r.interaction);
  if (measured.length === 0) return;
  const columns: Column[] = [
    ['scenario', (r) => r.name],
    ['scroll p50', (r) => ms(r.interaction?.scroll.p50Ms)],
    ['p95', (r) => ms(r.interaction?.scroll.p95Ms, r.interaction?.scroll.timeouts)],
    ['max', (r) => ms(r.interaction?.scroll.maxMs)],
    ['W/L p50', (r) => ms(r.interaction?.windowLevel.p50Ms)],
    ['p95', (r) => ms(r.interaction?.windowLevel.p95Ms, r.interaction?.windowLevel.timeouts)],
    ['3D fps', (r) => String(r.interaction?.rotation?.fps ?? '–')],
    ['move→3D p95', (r) => ms(r.interaction?.rotation?.moveLatencyP95Ms)],
    ['→ full', (r) => ms(r.interaction?.rotation?.fullQualityAfterMs)],
    ['scroll after 3D p50', (r) => ms(r.interaction?.scrollAfterRotation.p50Ms)],
    ['p95', (r) => ms(r.interaction?.scrollAfterRotation.p95Ms, r.interaction?.scrollAfterRotation.timeouts)],
    ['max', (r) => ms(r.interaction?.scrollAfterRotation.maxMs)],
    ['goals', (r) => (r.interactionGoalsMet ? 'met' : 'missed')],
  ];
  console.log(
    '\ninteraction on the loaded page, ms from the input to the GPU-finished frame that drew the pane ' +
      '(t/o: no frame within 30 s); 3D: a 3 s rotation, → full: pointerup to the first full-quality 3D frame',
  );
  printColumns(columns, measured);
  for (const r of measured) {
    if (r.interaction?.error) console.log(`  ${r.name} interaction: ${r.interaction.error}`);
    const pageErrors = [...(r.interaction?.pageErrors ?? []), ...(r.interaction?.glErrors ?? [])];
    if (pageErrors.length > 0) console.log(`  ${r.name} interaction errors: ${pageErrors.slice(0, 3).join(' | ')}`);
    if (r.interactionGoalsMissed.length > 0) console.log(`  ${r.name} goals missed: ${r.interactionGoalsMissed.join('; ')}`);
  }
}

/** Times of the run's parts outside the scenarios. */
export interface RunTimes {
  buildMs: number;
  prepareMs: number;
}

/** Writes the reports with the machine, Chromium's version and the run's times to `path` as JSON. */
export async function writeReportJson(path: string, reports: ScenarioReport[], { buildMs, prepareMs }: RunTimes): Promise<void> {
  const chromiumVersion = (() => {
    try {
      const stdio: ['ignore', 'pipe', 'ignore'] = ['ignore', 'pipe', 'ignore'];
      return execFileSync(chromiumExecutablePath(), ['--version'], { encoding: 'utf8', stdio }).trim();
    } catch {
      return null;
    }
  })();
  const document = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      memoryMB: Math.round(os.totalmem() / 2 ** 20),
      node: process.version,
      chromium: chromiumVersion,
    },
    buildMs: Math.round(buildMs),
    prepareMs: Math.round(prepareMs),
    memoryMethod:
      'peakMemoryMB / gpuProcessMB: peak private footprint (RssAnon + VmSwap, sampled every 25 ms) of the busiest renderer / ' +
      'the GPU process; peakRssMB / gpuProcessRssMB: peak RSS (VmRSS sampled, VmHWM reset at load start); ' +
      'startMemoryMB: private footprint before the load (scripts/bench/proc-memory.ts)',
    scenarios: reports,
  };
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
}
