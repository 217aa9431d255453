/**
 * What the benchmark reads inside the app's page: main-thread long tasks, the load's marks, a
 * scripted W/L drag with its 3D texture uploads, the frames after ready, and WebGL errors.
 */
import type { Page } from 'playwright-core';
import { LOAD_MARKS } from '../../src/perf/load-marks';

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
export const GL_ERROR = /\bGL_(INVALID_[A-Z_]+|OUT_OF_MEMORY)\b|CONTEXT_LOST|WebGL: too many errors/;

export interface PageMetrics {
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

export async function readPageMetrics(page: Page): Promise<PageMetrics> {
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

export interface WindowLevelRun {
  uploads: number;
  /** From the first change to two frames after the last. */
  ms: number;
}

export async function scriptedWindowLevel(page: Page): Promise<WindowLevelRun> {
  const arg = JSON.stringify({ count: WL_CHANGES, interval: WL_INTERVAL_MS });
  return page.evaluate(`(${WINDOW_LEVEL_SOURCE})(${arg})`) as Promise<WindowLevelRun>;
}

/** ms from ct:load-start until two animation frames after now: the loaded views are on screen. */
/**
 * ms from `startMark` until the GPU finished the first full-quality 3D frame (the one after the coarse
 * first image), from the viewer's frame log; waits for it.
 */
export async function refined3dAfterStart(page: Page, startMark: string): Promise<number | null> {
  return page.evaluate(`new Promise((resolve) => {
    const start = performance.getEntriesByName(${JSON.stringify(startMark)}, 'mark').at(-1);
    const poll = () => {
      const full = window.ctViewer.frames(0).find((f) => f.panes.includes('3d') && f.quality3d === 'full' && f.finishedAt !== null);
      if (full) resolve(start ? full.finishedAt - start.startTime : null);
      else setTimeout(poll, 50);
    };
    poll();
  })`) as Promise<number | null>;
}

export async function presentedAfterStart(page: Page, startMark: string): Promise<number | null> {
  return page.evaluate(`new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
    const start = performance.getEntriesByName(${JSON.stringify(startMark)}, 'mark').at(-1);
    resolve(start ? performance.now() - start.startTime : null);
  })))`) as Promise<number | null>;
}
