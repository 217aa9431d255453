import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { SourceFile } from './source-file';

export function sourceFromPath(path: string, size: number, root: string): SourceFile & { path: string } {
  return {
    name: relative(root, path) || path,
    path,
    size,
    async readRange(start, end) {
      const handle = await open(path, 'r');
      try {
        const length = Math.max(0, Math.min(end, size) - start);
        const bytes = new Uint8Array(length);
        const { bytesRead } = await handle.read(bytes, 0, length, start);
        return bytes.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    async readAll() {
      const buffer = await readFile(path);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    },
  };
}

/** Every regular file below `root` (or `root` itself when it is a file), sorted for stable output. */
export async function sourcesFromPath(root: string): Promise<Array<SourceFile & { path: string }>> {
  const info = await stat(root);
  if (info.isFile()) return [sourceFromPath(root, info.size, join(root, '..'))];
  const found: Array<SourceFile & { path: string }> = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      // stat follows symbolic links, which folders of linked studies rely on.
      const target = entry.isSymbolicLink() ? await stat(full).catch(() => null) : entry;
      if (target?.isDirectory()) await walk(full);
      else if (target?.isFile()) found.push(sourceFromPath(full, (await stat(full)).size, root));
    }
  };
  await walk(root);
  return found;
}
