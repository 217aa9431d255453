/**
 * The app's load of one scenario, measured on a fresh page: the load's marks, long tasks, memory of
 * the renderer and GPU processes, WebGL errors, and the 3D texture uploads of a scripted W/L drag;
 * then, on the same page, the interaction phase (measure-interaction.ts), whose errors are its own.
 */
import { basename } from 'node:path';
import type { Browser } from 'playwright-core';
import { AppPage, TEXTURE_UPLOAD_COUNTER_SCRIPT } from '../browser/app-page';
import { openPage } from '../browser/open-page';
import { LOAD_MARKS } from '../../src/perf/load-marks';
import type { InteractionFigures } from './interaction-stats';
import { crashOf, firstLine, withTimeout } from './limits';
import { measureInteraction } from './measure-interaction';
import {
  GL_ERROR,
  LONG_TASK_SCRIPT,
  presentedAfterStart,
  readPageMetrics,
  refined3dAfterStart,
  scriptedWindowLevel,
} from './page-probes';
import { type MemoryPeak, MemorySampler } from './proc-memory';

export interface AppLoadResult {
  /** load-state data-state at the end, or 'timeout' / 'crashed'. */
  state: string;
  stateText: string;
  error: string | null;
  /** Mark times in ms relative to ct:load-start (null: mark missing). */
  indexMs: number | null;
  firstSliceMs: number | null;
  fullLoadMs: number | null;
  /** The first 3D image, coarse (a reduced image of the ray cast). */
  first3dFrameMs: number | null;
  /** The first full-quality 3D frame after it, finished on the GPU (the viewer's frame log). */
  refined3dMs: number | null;
  longestTaskMs: number | null;
  /** The browser's task delivering the files, which ends with the app's load start (not counted above). */
  handoverTaskMs: number | null;
  longTaskCount: number | null;
  longTaskTotalMs: number | null;
  memory: MemoryPeak | null;
  /**
   * WebGL errors Chromium reported on the console (GL_INVALID_*, GL_OUT_OF_MEMORY, context
   * lost): the views may show nothing although the app says ready.
   */
  glErrors: string[];
  /** Uncaught exceptions of the page. */
  pageErrors: string[];
  wlTextureUploads: number | null;
  /** Time of the 20 W/L changes, until two frames after the last (see WINDOW_LEVEL_SOURCE). */
  wlMs: number | null;
  /** ct:load-start until two animation frames after the app said ready (views on screen). */
  presentedMs: number | null;
  consoleErrors: string[];
  /** Page load → the app's `data-warm="ready"` (null: the app never said so within the limit). */
  warmUpMs: number | null;
  /** Scroll, W/L drag and rotation after the load (null: the load did not end ready). */
  interaction: InteractionFigures | null;
}

/** Every figure missing: what is left of a load that fails before it measures anything. */
function notStartedResult(): AppLoadResult {
  return {
    state: 'not started',
    stateText: '',
    error: null,
    indexMs: null,
    firstSliceMs: null,
    fullLoadMs: null,
    first3dFrameMs: null,
    refined3dMs: null,
    longestTaskMs: null,
    handoverTaskMs: null,
    longTaskCount: null,
    longTaskTotalMs: null,
    memory: null,
    glErrors: [],
    pageErrors: [],
    wlTextureUploads: null,
    wlMs: null,
    presentedMs: null,
    consoleErrors: [],
    warmUpMs: null,
    interaction: null,
  };
}

/**
 * Loads `dir` through the app's folder input on a fresh page and measures it.
 * `timeoutMs` bounds the load (files handed over → ready/error); `budgetLeftMs()` bounds each
 * step after it (first frames, W/L: up to 90 s each otherwise; the interaction phase: up to 180 s).
 */
export async function measureAppLoad(
  browser: Browser,
  baseUrl: string,
  dir: string,
  timeoutMs: number,
  budgetLeftMs: () => number = () => Infinity,
): Promise<AppLoadResult> {
  const after = (wanted: number): number => Math.max(1_000, Math.min(wanted, budgetLeftMs()));
  const result = notStartedResult();
  const opened = await openPage(baseUrl, { browser, path: null, recordingProxy: false });
  result.consoleErrors = opened.consoleErrors;
  const { page, context } = opened;
  const app = new AppPage(page);
  const crashed = crashOf(page);
  crashed.catch(() => undefined);
  // Errors from the interaction phase on are that phase's: they must not turn the load's verdict.
  let errorsGoTo = { gl: result.glErrors, page: result.pageErrors };
  page.on('console', (message) => {
    if (GL_ERROR.test(message.text())) errorsGoTo.gl.push(message.text());
  });
  page.on('pageerror', (error) => errorsGoTo.page.push(error.message));
  let sampler: MemorySampler | undefined;
  try {
    await context.addInitScript({ content: TEXTURE_UPLOAD_COUNTER_SCRIPT });
    await context.addInitScript({ content: LONG_TASK_SCRIPT });
    await app.goto(baseUrl, '?sample=none', 60_000);
    await app.waitForFolderInput(30_000);
    // Files are handed over once the app has finished starting (its workers hold the DICOM reader,
    // the slice views' GPU programs are built), as when a user opens the page and then picks files.
    const tWarm = performance.now();
    result.warmUpMs = await app
      .waitForWarm(30_000)
      .then(() => performance.now() - tWarm)
      .catch(() => null);
    await page.waitForTimeout(200);

    sampler = new MemorySampler();
    sampler.start();
    const t0 = performance.now();
    await Promise.race([app.openFolder(dir, timeoutMs), crashed]);
    const left = Math.max(1_000, timeoutMs - (performance.now() - t0));
    try {
      // several volumes (or none) leave the app idle after indexing, waiting for a choice
      result.state = await Promise.race([app.waitForLoadOutcome(left), crashed]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/crash/i.test(message)) {
        result.state = 'crashed';
        result.error = message;
      } else if (/timeout/i.test(message)) {
        result.state = 'timeout';
        result.error = `load did not finish within ${(timeoutMs / 1000).toFixed(0)} s`;
      } else {
        result.state = 'failed';
        result.error = message;
      }
    }
    if (result.state === 'ready') {
      // GL work (texture uploads, the first 3D frame) runs in the GPU process after the app's
      // marks; keep sampling until two frames after ready so it counts.
      result.presentedMs = await withTimeout(presentedAfterStart(page, LOAD_MARKS.start), after(90_000), 'first frames').catch(
        () => null,
      );
      result.refined3dMs = await withTimeout(refined3dAfterStart(page, LOAD_MARKS.start), after(90_000), 'full 3D frame').catch(
        () => null,
      );
    }
    result.memory = sampler.stop();
    sampler = undefined;

    if (result.state !== 'crashed') {
      // let the longtask observer deliver the last entries
      await withTimeout(page.waitForTimeout(300), 5_000, 'settle');
      const text = (await withTimeout(app.loadStateText(), 15_000, 'reading load state').catch(() => null)) ?? '';
      result.stateText = text.replace(/\s+/g, ' ').trim();
      if (result.state === 'timeout' && result.stateText) result.error += ` (last status: ${result.stateText})`;
      if (result.state === 'error') result.error = result.stateText || 'load-state error';
      if (result.state === 'idle') result.error = `no volume auto-loaded: ${result.stateText}`;
      const metrics = await withTimeout(readPageMetrics(page), 15_000, 'reading marks').catch((e: unknown) => {
        result.error ??= String(e);
        return null;
      });
      if (metrics) {
        result.indexMs = metrics.marks.indexed ?? null;
        result.firstSliceMs = metrics.marks.firstSlice ?? null;
        result.fullLoadMs = metrics.marks.fullLoad ?? null;
        result.first3dFrameMs = metrics.marks.first3dFrame ?? null;
        result.longestTaskMs = metrics.longTaskError ? null : metrics.longestTaskMs;
        result.handoverTaskMs = metrics.longTaskError ? null : metrics.handoverTaskMs;
        result.longTaskCount = metrics.longTaskError ? null : metrics.longTaskCount;
        result.longTaskTotalMs = metrics.longTaskError ? null : metrics.longTaskTotalMs;
      }
      if (result.state === 'ready') {
        const wl = await withTimeout(scriptedWindowLevel(page), after(90_000), 'W/L changes').catch((e: unknown) => {
          result.error ??= `W/L: ${e instanceof Error ? e.message : String(e)}`;
          return null;
        });
        result.wlTextureUploads = wl?.uploads ?? null;
        result.wlMs = wl?.ms ?? null;
        const interactionErrors = { gl: [] as string[], page: [] as string[] };
        errorsGoTo = interactionErrors;
        result.interaction = await measureInteraction(app, budgetLeftMs, basename(dir));
        result.interaction.glErrors = interactionErrors.gl;
        result.interaction.pageErrors = interactionErrors.page;
      }
    }
  } catch (error) {
    result.error ??= firstLine(error);
    if (/crash/i.test(result.error)) result.state = 'crashed';
  } finally {
    if (sampler) result.memory = sampler.stop();
    await withTimeout(opened.close(), 30_000, 'closing the app page').catch(() => undefined);
  }
  return result;
}
