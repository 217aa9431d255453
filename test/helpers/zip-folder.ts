/** Zips of a folder for the tests, made in memory with fflate (as a user's zip tool would lay them out). */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';

/** Every file below `root`, by its path relative to it (`/`-separated), sorted. */
export function folderFiles(root: string): Array<[string, Uint8Array]> {
  const found: Array<[string, Uint8Array]> = [];
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else found.push([`${prefix}${name}`, new Uint8Array(readFileSync(path))]);
    }
  };
  walk(root, '');
  return found;
}

/**
 * A zip of the files, each under `top` (a top folder, as "Compress folder" makes, or ''), stored
 * (level 0) or deflated; `extra` entries (directories as `name/`, macOS resource forks) go with them.
 */
export function zipOf(
  files: Array<[string, Uint8Array]>,
  { top = '', level = 1, extra = {} }: { top?: string; level?: 0 | 1 | 6; extra?: Record<string, Uint8Array> } = {},
): Uint8Array<ArrayBuffer> {
  const entries: Record<string, [Uint8Array, { level: 0 | 1 | 6 }]> = {};
  for (const [name, bytes] of files) entries[`${top}${name}`] = [bytes, { level }];
  for (const [name, bytes] of Object.entries(extra)) entries[name] = [bytes, { level }];
  return zipSync(entries) as Uint8Array<ArrayBuffer>;
}

/** Where a zip's central directory record and local header of `name` are (to damage them in tests). */
export function entryOffsets(zip: Uint8Array, name: string): { central: number; local: number; data: number } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const wanted = new TextEncoder().encode(name);
  for (let at = zip.length - 22; at >= 0; at--) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    const found = zip.subarray(at + 46, at + 46 + nameLength);
    if (nameLength !== wanted.length || !found.every((byte, k) => byte === wanted[k])) continue;
    const local = view.getUint32(at + 42, true);
    const data = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    return { central: at, local, data };
  }
  throw new Error(`${name} is not in the zip`);
}
