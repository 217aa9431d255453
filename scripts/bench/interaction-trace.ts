/**
 * Chromium traces of the interaction phase's parts, for finding where a step's time goes (the GPU
 * process's threads, SwiftShader's work, the compositor), not for its figures: tracing costs time
 * itself. On when BENCH_TRACE_DIR is set: each part writes `<dir>/<label>-<part>.json`, which
 * `npx tsx scripts/bench/trace-summary.ts FILE` sums up per thread.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const CATEGORIES = ['devtools.timeline', 'gpu', 'viz', 'cc', 'toplevel', 'disabled-by-default-devtools.timeline.frame'];

export function traceDir(): string | null {
  return process.env.BENCH_TRACE_DIR?.trim() || null;
}

/** Runs `part` traced into `dir` when tracing is on, else as it is. */
export async function traced<T>(page: Page, label: string, part: string, run: () => Promise<T>): Promise<T> {
  const dir = traceDir();
  const browser = page.context().browser();
  if (!dir || !browser) return run();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${label}-${part.replace(/[^a-z0-9]+/gi, '-')}.json`);
  await browser.startTracing(page, { path, categories: CATEGORIES });
  try {
    return await run();
  } finally {
    await browser.stopTracing();
  }
}
