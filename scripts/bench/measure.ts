/**
 * Browser-side measurements of one scenario: the app's load (marks, long tasks, memory, W/L
 * texture uploads) and the baseline page's single `readImageDicomFileSeries` call.
 * Every wait has a limit, and a crashed or stuck renderer ends the step with an error instead
 * of hanging the run.
 */
import type { Browser, Page } from 'playwright-core';
import { LOAD_MARKS } from '../../src/perf/load-marks';
import type { BaselineResult } from '../../src/baseline/baseline-protocol';
import { TEXTURE_UPLOAD_COUNTER_SCRIPT } from '../../test/e2e/app-driver';
import { openPage } from '../../test/e2e/browser';
import { type MemoryPeak, MemorySampler } from './proc-memory';

export class TimeoutError extends Error {}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${(ms / 1000).toFixed(0)} s`)), ms);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Rejects when the page's renderer crashes (e.g. out of memory). */
function crashOf(page: Page): Promise<never> {
  return new Promise<never>((_, reject) => page.once('crash', () => reject(new Error('renderer process crashed'))));
}

/**
 * Main-thread long tasks (Chrome reports tasks ≥ 50 ms), observed from before the app's first
 * script; `buffered: true` also delivers entries queued before the observer existed.
 */
export const LONG_TASK_SCRIPT = `(() => {
  if (typeof window === 'undefined' || window !== globalThis || window.__longTasks) return;
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) {
    window.__longTasksError = String(error);
  }
})();`;

/** Chromium's console reports of WebGL errors ("[.WebGL-0x…] GL_INVALID_OPERATION: …"). */
const GL_ERROR = /\bGL_(INVALID_[A-Z_]+|OUT_OF_MEMORY)\b|CONTEXT_LOST|WebGL: too many errors/;

export interface AppLoadResult {
  /** load-state data-state at the end, or 'timeout' / 'crashed'. */
  state: string;
  stateText: string;
  error: string | null;
  /** Mark times in ms relative to ct:load-start (null: mark missing). */
  indexMs: number | null;
  firstSliceMs: number | null;
  fullLoadMs: number | null;
  first3dFrameMs: number | null;
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
}

interface PageMetrics {
  marks: Record<string, number | null>;
  /** The long task (if any) that contains ct:load-start: the browser delivering the files. */
  handoverTaskMs: number;
  longestTaskMs: number;
  longTaskCount: number;
  longTaskTotalMs: number;
  longTaskError: string | null;
}

/*
 * Page-side code is kept in strings: tsx (esbuild keepNames) would wrap named inner functions
 * of a TypeScript callback in a `__name` helper that does not exist in the page.
 */

/** Marks relative to ct:load-start, and main-thread long tasks starting in [start, fullLoad or now). */
const PAGE_METRICS_SOURCE = `(names) => {
  const at = (name) => {
    const entries = performance.getEntriesByName(name, 'mark');
    return entries.length > 0 ? entries[entries.length - 1].startTime : null;
  };
  const start = at(names.start);
  const marks = {};
  for (const [key, name] of Object.entries(names)) {
    const t = at(name);
    marks[key] = t === null || start === null ? null : t - start;
  }
  const end = start === null ? null : (at(names.fullLoad) ?? performance.now());
  const tasks = window.__longTasks ?? [];
  // The task in which the browser hands the files over (it builds the FileList, then fires the
  // input's change event, where ct:load-start is marked) is the browser's, not the app's: reported
  // apart. Counted are the tasks that start during the load, i.e. in [load start, full load).
  const during = tasks.filter((t) => start !== null && end !== null && t.start >= start && t.start < end);
  const handover = tasks.find((t) => start !== null && t.start < start && t.start + t.duration > start);
  return {
    handoverTaskMs: handover ? handover.duration : 0,
    marks,
    longestTaskMs: during.reduce((max, t) => Math.max(max, t.duration), 0),
    longTaskCount: during.length,
    longTaskTotalMs: during.reduce((sum, t) => sum + t.duration, 0),
    longTaskError: window.__longTasksError ?? null,
  };
}`;

async function readPageMetrics(page: Page): Promise<PageMetrics> {
  return page.evaluate(`(${PAGE_METRICS_SOURCE})(${JSON.stringify(LOAD_MARKS)})`) as Promise<PageMetrics>;
}

const WL_CHANGES = 20;
/** Spacing of the scripted changes, like pointer events of a W/L drag. */
const WL_INTERVAL_MS = 50;

/**
 * W/L changes through the inputs' `change` events; one change = a new (width, centre) pair,
 * each applied through its own input. They come every 50 ms like the events of a drag, so the
 * app's rAF-coalesced renders see several of them at once (one render of all views costs
 * seconds with SwiftShader; one frame per change would take minutes). Then two more frames
 * and a short wait, so late or deferred uploads still count. Returns the 3D texture uploads
 * (TEXTURE_UPLOAD_COUNTER_SCRIPT) during all of it.
 */
const WINDOW_LEVEL_SOURCE = `async ({ count, interval }) => {
  const width = document.querySelector('[data-testid="wl-width"]');
  const center = document.querySelector('[data-testid="wl-center"]');
  if (!width || !center) throw new Error('W/L inputs not found');
  const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const uploads = () => window.__tex3dUploads ?? 0;
  const change = (i) => {
    width.value = String(300 + 40 * i);
    width.dispatchEvent(new Event('change'));
    center.value = String(-200 + 25 * i);
    center.dispatchEvent(new Event('change'));
  };
  const before = uploads();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    if (i > 0) await sleep(interval);
    change(i);
  }
  await frames();
  const ms = performance.now() - t0;
  await sleep(250);
  await frames();
  return { uploads: uploads() - before, ms };
}`;

interface WindowLevelRun {
  uploads: number;
  /** From the first change to two frames after the last. */
  ms: number;
}

async function scriptedWindowLevel(page: Page): Promise<WindowLevelRun> {
  const arg = JSON.stringify({ count: WL_CHANGES, interval: WL_INTERVAL_MS });
  return page.evaluate(`(${WINDOW_LEVEL_SOURCE})(${arg})`) as Promise<WindowLevelRun>;
}

/** ms from ct:load-start until two animation frames after now: the loaded views are on screen. */
async function presentedAfterStart(page: Page, startMark: string): Promise<number | null> {
  return page.evaluate(`new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
    const start = performance.getEntriesByName(${JSON.stringify(startMark)}, 'mark').at(-1);
    resolve(start ? performance.now() - start.startTime : null);
  })))`) as Promise<number | null>;
}

/** Loads `dir` through the app's folder input on a fresh page and measures it. */
/**
 * `timeoutMs` bounds the load (files handed over → ready/error); `budgetLeftMs()` bounds each
 * step after it (first frames, W/L), which otherwise get up to 90 s each.
 */
export async function measureAppLoad(
  browser: Browser,
  baseUrl: string,
  dir: string,
  timeoutMs: number,
  budgetLeftMs: () => number = () => Infinity,
): Promise<AppLoadResult> {
  const after = (wanted: number): number => Math.max(1_000, Math.min(wanted, budgetLeftMs()));
  const result: AppLoadResult = {
    state: 'not started',
    stateText: '',
    error: null,
    indexMs: null,
    firstSliceMs: null,
    fullLoadMs: null,
    first3dFrameMs: null,
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
  };
  const opened = await openPage(baseUrl, { browser, path: null, recordingProxy: false });
  result.consoleErrors = opened.consoleErrors;
  const { page, context } = opened;
  const crashed = crashOf(page);
  crashed.catch(() => undefined);
  page.on('console', (message) => {
    if (GL_ERROR.test(message.text())) result.glErrors.push(message.text());
  });
  page.on('pageerror', (error) => result.pageErrors.push(error.message));
  let sampler: MemorySampler | undefined;
  try {
    await context.addInitScript({ content: TEXTURE_UPLOAD_COUNTER_SCRIPT });
    await context.addInitScript({ content: LONG_TASK_SCRIPT });
    await page.goto(new URL('?sample=none', baseUrl).href, { waitUntil: 'load', timeout: 60_000 });
    await page.getByTestId('open-folder').waitFor({ state: 'attached', timeout: 30_000 });
    // Files are handed over once the app has finished starting (its workers hold the DICOM reader,
    // the slice views' GPU programs are built), as when a user opens the page and then picks files.
    const tWarm = performance.now();
    result.warmUpMs = await page
      .waitForFunction(`document.querySelector('[data-testid="load-state"]')?.dataset.warm === 'ready'`, undefined, { timeout: 30_000, polling: 50 })
      .then(() => performance.now() - tWarm)
      .catch(() => null);
    await page.waitForTimeout(200);

    sampler = new MemorySampler();
    sampler.start();
    const t0 = performance.now();
    await Promise.race([page.getByTestId('open-folder').setInputFiles(dir, { timeout: timeoutMs }), crashed]);
    const left = Math.max(1_000, timeoutMs - (performance.now() - t0));
    try {
      const settled = await Promise.race([
        page.waitForFunction(
          // several volumes (or none) leave the app idle after indexing, waiting for a choice
          `(() => {
            const s = document.querySelector('[data-testid="load-state"]')?.getAttribute('data-state');
            if (s === 'ready' || s === 'error') return s;
            if (s === 'idle' && performance.getEntriesByName(${JSON.stringify(LOAD_MARKS.indexed)}, 'mark').length > 0) return s;
            return false;
          })()`,
          undefined,
          { timeout: left, polling: 100 },
        ),
        crashed,
      ]);
      result.state = String(await settled.jsonValue());
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
      result.presentedMs = await withTimeout(presentedAfterStart(page, LOAD_MARKS.start), after(90_000), 'first frames').catch(() => null);
    }
    result.memory = sampler.stop();
    sampler = undefined;

    if (result.state !== 'crashed') {
      // let the longtask observer deliver the last entries
      await withTimeout(page.waitForTimeout(300), 5_000, 'settle');
      const state = page.getByTestId('load-state');
      const text = (await withTimeout(state.textContent(), 15_000, 'reading load state').catch(() => null)) ?? '';
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
      }
    }
  } catch (error) {
    result.error ??= error instanceof Error ? error.message.split('\n')[0]! : String(error);
    if (/crash/i.test(result.error)) result.state = 'crashed';
  } finally {
    if (sampler) result.memory = sampler.stop();
    await withTimeout(opened.close(), 30_000, 'closing the app page').catch(() => undefined);
  }
  return result;
}

export interface BaselineOutcome {
  ms: number | null;
  error: string | null;
  size: number[] | null;
}

/** One `readImageDicomFileSeries` call over every file of `dir` on /baseline.html. */
export async function measureBaseline(browser: Browser, baseUrl: string, dir: string, timeoutMs: number): Promise<BaselineOutcome> {
  const opened = await openPage(baseUrl, { browser, path: 'baseline.html', recordingProxy: false });
  const { page } = opened;
  const crashed = crashOf(page);
  crashed.catch(() => undefined);
  try {
    const t0 = performance.now();
    await Promise.race([page.getByTestId('baseline-files').setInputFiles(dir, { timeout: timeoutMs }), crashed]);
    const left = Math.max(1_000, timeoutMs - (performance.now() - t0));
    await Promise.race([
      page.waitForFunction(
        `document.querySelector('[data-testid="baseline-result"]')?.dataset.state === 'done'`,
        undefined,
        { timeout: left, polling: 200 },
      ),
      crashed,
    ]);
    const text = await withTimeout(page.getByTestId('baseline-result').textContent(), 15_000, 'reading baseline result');
    const parsed = JSON.parse(text ?? '{}') as BaselineResult;
    return { ms: parsed.ms, error: parsed.error, size: parsed.size };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    if (/crash/i.test(message)) return { ms: null, error: 'renderer process crashed', size: null };
    if (/timeout/i.test(message)) return { ms: null, error: 'timed out', size: null };
    return { ms: null, error: message, size: null };
  } finally {
    await withTimeout(opened.close(), 30_000, 'closing the baseline page').catch(() => undefined);
  }
}
