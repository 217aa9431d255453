/** Paths the tests use: the project root and the real CT corpus beside it. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The real CT corpus beside the project root (never copied into the tree). */
export const sharedCtDir = join(projectRoot, '..', 'shared', 'data', 'ct');

export function sharedCt(folder: string): string {
  const path = join(sharedCtDir, folder);
  if (!existsSync(path)) throw new Error(`shared test data missing: ${path} (expected ../shared/data/ct beside the project)`);
  return path;
}
