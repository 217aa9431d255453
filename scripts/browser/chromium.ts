/**
 * Headless Debian Chromium (the system binary, never `playwright install`) with SwiftShader WebGL2,
 * as the e2e tests and the benchmark launch it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_ARGS: readonly string[] = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--ignore-gpu-blocklist',
  // Chromium's own autofill server traffic would otherwise go through the
  // recording proxy of the context and be reported as off-origin.
  '--disable-features=AutofillServerCommunication',
];

/** `$CHROMIUM_PATH`, else `command -v chromium`, else /usr/bin/chromium. */
export function chromiumExecutablePath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  try {
    const found = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
    if (found) return found;
  } catch {
    // not on PATH
  }
  return '/usr/bin/chromium';
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutablePath(),
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
}

let sharedBrowser: Promise<Browser> | undefined;

/** Lazily launched browser shared by `openPage()` calls of one test file. */
export function sharedChromium(): Promise<Browser> {
  sharedBrowser ??= launchChromium();
  return sharedBrowser;
}

/** Close the browser started by `sharedChromium()` / `openPage()` (call in afterAll). */
export async function closeSharedChromium(): Promise<void> {
  const b = sharedBrowser;
  sharedBrowser = undefined;
  if (b) await (await b).close();
}
