import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { isDicomdirName, parseDicomdir, resolveDicomdir } from '../dicom/dicomdir';
import type { SkippedFile } from '../dicom/types';
import { sourceFromPath, sourcesFromPath } from '../sources/node-files';
import type { SourceFile } from '../sources/source-file';
import { expandZips } from '../sources/zip/expand-zips';
import { isZipName } from '../sources/zip/zip-listing';

/** What the CLI reads: the files, and those the source itself could not offer (an archive's bad entries). */
export interface CliSources {
  sources: SourceFile[];
  skipped: SkippedFile[];
}

/**
 * The files a CLI path stands for: a folder's files (the entries of every `.zip` in it included), a
 * `.zip`'s entries, a DICOMDIR's own folder's files that it names (with itself), or the one file.
 * A `.zip` path that is not a readable archive is refused: there is nothing else to read.
 */
export async function cliSources(path: string): Promise<CliSources> {
  const info = await stat(path);
  if (info.isFile() && isZipName(path)) {
    const zip = await expandZips([sourceFromPath(path, info.size, dirname(path))]);
    const whole = zip.skipped.find((file) => file.file === basename(path));
    if (whole) throw new Error(`${whole.file}: ${whole.reason}`);
    return zip;
  }
  if (info.isFile() && isDicomdirName(basename(path))) return dicomdirSources(path);
  return expandZips(await sourcesFromPath(path));
}

/** A DICOMDIR and the files it names, found case-insensitively in its folder (the rest of it left unread). */
async function dicomdirSources(path: string): Promise<CliSources> {
  const folder = dirname(path);
  const all = await sourcesFromPath(folder);
  const self = all.find((source) => source.path === path) ?? sourceFromPath(path, (await stat(path)).size, folder);
  let referenced: string[];
  try {
    referenced = parseDicomdir(new Uint8Array(await readFile(path)));
  } catch (error) {
    throw new Error(`${basename(path)}: DICOMDIR could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { found } = resolveDicomdir(
    { file: self.name, referenced, named: true },
    all.map((source) => source.name),
  );
  const named = new Set(found);
  // The DICOMDIR goes with them, so that the index says what it named and which of those are missing.
  return { sources: [self, ...all.filter((source) => named.has(source.name))], skipped: [] };
}
