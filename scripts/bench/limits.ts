/**
 * Limits for the benchmark's waits: every step has one, and a crashed or stuck renderer ends the
 * step with an error instead of hanging the run.
 */
import type { Page } from 'playwright-core';

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
export function crashOf(page: Page): Promise<never> {
  return new Promise<never>((_, reject) => page.once('crash', () => reject(new Error('renderer process crashed'))));
}

/** The first line of an error's message (Playwright's carry a call log below it). */
export function firstLine(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
