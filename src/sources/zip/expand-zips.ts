import type { SourceFile } from '../source-file';
import type { ArchiveBytes } from './zip-entry';
import { zipEntrySource } from './zip-entry-source';
import { type ZipListing, isZipName, listZipEntries } from './zip-listing';

/** Whole entries kept per archive: a chunk's files are read twice (checked, then decoded) in a row. */
const KEPT_WHOLE_ENTRIES = 16;

/**
 * The sources with every `.zip` among them replaced by its entries, each a source of its own named
 * `archive.zip/path/in/zip`; entries (and archives) that cannot be read are listed apart with the
 * reason. Only the archives' directories are read here.
 */
export async function expandZips(sources: SourceFile[]): Promise<{ sources: SourceFile[]; skipped: ZipListing['skipped'] }> {
  const expanded: SourceFile[] = [];
  const skipped: ZipListing['skipped'] = [];
  for (const source of sources) {
    if (!isZipName(source.name)) {
      expanded.push(source);
      continue;
    }
    const archive = archiveFromSource(source);
    const listing = await listZipEntries(archive, source.name);
    skipped.push(...listing.skipped);
    const kept = keptWholeReads();
    expanded.push(...listing.entries.map((entry) => kept(zipEntrySource(archive, entry))));
  }
  return { sources: expanded, skipped };
}

export function archiveFromSource(source: SourceFile): ArchiveBytes {
  return { size: source.size, read: (start, end) => source.readRange(start, end) };
}

/** Wraps an archive's entries so that the last few whole reads are answered without inflating again. */
function keptWholeReads(): (source: SourceFile) => SourceFile {
  const kept = new Map<string, Promise<Uint8Array>>();
  return (source) => ({
    ...source,
    readAll() {
      const known = kept.get(source.name);
      if (known) return known;
      const read = source.readAll();
      kept.set(source.name, read);
      read.catch(() => kept.delete(source.name));
      if (kept.size > KEPT_WHOLE_ENTRIES) kept.delete(kept.keys().next().value!);
      return read;
    },
  });
}
