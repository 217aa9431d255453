/** A temporary folder for one test file or suite, removed after it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Creates `<tmpdir>/<prefix>XXXXXX` now and removes it (with all it holds) in `afterAll` of the
 * suite being collected: call it at the top of a test file or inside a `describe`.
 */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
