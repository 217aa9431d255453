// The core alone: only the central directory is read here, so none of zip.js's codecs (an inline wasm
// module, blob-URL workers) is bundled.
import { ERR_EOCDR_NOT_FOUND, Reader, ZipReader } from '@zip.js/zip.js/lib/zip-core-custom.js';
import type { ArchiveBytes, ZipEntryRef } from './zip-entry';

/** An archive's entries that may be files of the study, and the ones listed apart with their reason. */
export interface ZipListing {
  entries: ZipEntryRef[];
  skipped: Array<{ file: string; reason: string }>;
}

/** Names that open as archives: by extension, as a user would tell them apart. */
export function isZipName(name: string): boolean {
  return /\.zip$/i.test(name);
}

/** Lets zip.js read the archive by ranges: only its end (the central directory) is read here. */
class RangeReader extends Reader<ArchiveBytes> {
  constructor(private readonly archive: ArchiveBytes) {
    super(archive);
    this.size = archive.size;
  }
  override readUint8Array(index: number, length: number): Promise<Uint8Array> {
    return this.archive.read(index, index + length);
  }
}

/**
 * Reads the archive's central directory, never an entry's data. Directory entries and macOS's
 * `__MACOSX/` resource forks are left out silently; entries that cannot be read as files (encrypted,
 * another compression method, a zip inside the zip, a link) are listed apart with the reason. An
 * archive that cannot be opened at all is one skipped file, named `archiveName`.
 */
export async function listZipEntries(archive: ArchiveBytes, archiveName: string): Promise<ZipListing> {
  let entries;
  try {
    // Web workers off: this runs in our own workers or in Node, and zip.js's workers are blob URLs.
    entries = await new ZipReader(new RangeReader(archive), { useWebWorkers: false }).getEntries();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason =
      message === ERR_EOCDR_NOT_FOUND
        ? 'not a zip archive (no end of central directory record)'
        : `corrupt zip archive: its directory could not be read (${message})`;
    return { entries: [], skipped: [{ file: archiveName, reason }] };
  }
  const listing: ZipListing = { entries: [], skipped: [] };
  const taken = new Set<string>();
  for (const entry of entries) {
    const path = entry.filename.replace(/\\/g, '/').replace(/^\/+/, '');
    if (entry.directory || path.endsWith('/') || path.split('/').includes('__MACOSX')) continue;
    const name = uniqueName(`${archiveName}/${path}`, taken);
    const skip = (reason: string) => listing.skipped.push({ file: name, reason });
    if (entry.encrypted) skip('encrypted zip entry: not opened (no password)');
    else if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      skip(`zip entry compressed with method ${entry.compressionMethod}: only stored and deflated entries are read`);
    } else if (entry.symlink) skip('a symbolic link inside the zip: not followed');
    else if (isZipName(path)) skip('a zip inside a zip is not opened: unpack it and open it on its own');
    else {
      listing.entries.push({
        name,
        location: {
          headerOffset: entry.offset,
          compressedSize: entry.compressedSize,
          uncompressedSize: entry.uncompressedSize,
          method: entry.compressionMethod,
          crc32: entry.signature ?? 0,
        },
      });
    }
  }
  return listing;
}

/** Two entries may carry one name (a zip allows it); the second is told apart, stably, by its rank. */
function uniqueName(name: string, taken: Set<string>): string {
  let unique = name;
  for (let n = 2; taken.has(unique); n++) unique = `${name} (${n})`;
  taken.add(unique);
  return unique;
}
