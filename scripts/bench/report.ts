/** What the benchmark reports per scenario, and when a scenario counts as ok. */
import type { DatasetInfo } from './datasets';
import { type InteractionFigures, missedFirst3dGoal, missedGoals } from './interaction-stats';
import type { AppLoadResult } from './measure-app-load';
import type { BaselineOutcome } from './measure-baseline';

export interface ScenarioReport {
  name: string;
  slices: number | null;
  volumeMB: number | null;
  indexMs: number | null;
  firstSliceMs: number | null;
  fullLoadMs: number | null;
  /** The coarse first 3D image. */
  first3dFrameMs: number | null;
  /** The full-quality 3D frame that refines it, finished on the GPU. */
  refined3dMs: number | null;
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
  /** Scroll, W/L drag and 3D rotation on the loaded page (measure-interaction.ts); null: not run. */
  interaction: InteractionFigures | null;
  /** The interaction goals of issue #14 (interaction-stats.ts), apart from `ok`; null: not measured. */
  interactionGoalsMet: boolean | null;
  interactionGoalsMissed: string[];
}

/** `x` rounded to `digits` decimals; null when it is missing or not finite. */
export const round = (x: number | null | undefined, digits = 0): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits;

/** Whether a load counts: it ended ready, with every mark, no page or WebGL error, no upload during W/L. */
export function okAndWhy(app: AppLoadResult): { ok: boolean; error: string | null } {
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

export interface ScenarioOutcome {
  name: string;
  /** null: the input could not be prepared. */
  data: DatasetInfo | null;
  /** null: the app load was not measured. */
  app: AppLoadResult | null;
  baseline: BaselineOutcome;
  verdict: { ok: boolean; error: string | null };
  /** dcm2niix is installed: the report has a `dcm2niixMs` (null when not measured). */
  withDcm2niix: boolean;
  dcm2niixMs?: number | null;
}

/** The report of one scenario, rounded for reading. */
export function scenarioReport(outcome: ScenarioOutcome): ScenarioReport {
  const { name, data, app, baseline, verdict, withDcm2niix, dcm2niixMs } = outcome;
  const interaction = app?.interaction ?? null;
  const first3dMissed = app?.state === 'ready' ? missedFirst3dGoal(app.fullLoadMs, app.first3dFrameMs) : null;
  const missed = interaction
    ? [...missedGoals(interaction, data?.slices ?? null), ...(first3dMissed ? [first3dMissed] : [])]
    : [];
  return {
    name,
    slices: data?.slices ?? null,
    volumeMB: round(data?.volumeMB, 1),
    indexMs: round(app?.indexMs),
    firstSliceMs: round(app?.firstSliceMs),
    fullLoadMs: round(app?.fullLoadMs),
    first3dFrameMs: round(app?.first3dFrameMs),
    refined3dMs: round(app?.refined3dMs),
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
    interaction,
    interactionGoalsMet: interaction ? missed.length === 0 : null,
    interactionGoalsMissed: missed,
  };
}
