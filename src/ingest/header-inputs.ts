import type { SkippedFile } from '../dicom/types';
import { sourceFromFile } from '../sources/browser-files';
import { readEntryNative } from '../sources/zip/read-entry-native';
import { type ZipListing, isZipName } from '../sources/zip/zip-listing';
import type { WholeFileReader } from './ingest-client';
import type { HeaderInput } from './ingest-worker-api';

/** What the page hands the header jobs, and how it reads each file's whole bytes for the build. */
export interface OpenedFiles {
  inputs: HeaderInput[];
  /** By the name the index knows the file by (`archive.zip/folder/file` for an entry). */
  readers: Map<string, WholeFileReader>;
  /** Entries (or whole archives) that cannot be read, with the reason. */
  skipped: SkippedFile[];
}

/**
 * The chosen files with every `.zip` among them opened: its directory is read by a worker
 * (`listZip`), its entries become files of their own, whose heads the workers inflate, and whose
 * whole bytes the page reads as a slice of the archive inflated by the browser (readEntryNative):
 * nothing is inflated in JavaScript on the page, and no archive is unpacked as a whole.
 */
export async function openFileInputs(
  files: File[],
  listZip: (archive: File, name: string) => Promise<ZipListing>,
): Promise<OpenedFiles> {
  const opened: OpenedFiles = { inputs: [], readers: new Map(), skipped: [] };
  const zips: Array<{ archive: File; name: string }> = [];
  for (const file of files) {
    const { name } = sourceFromFile(file);
    if (isZipName(name)) zips.push({ archive: file, name });
    else {
      opened.inputs.push(file);
      // A frame of a multi-frame file reads its own range only (a zip entry is read whole, then cut).
      opened.readers.set(name, (_signal, range) => (range ? file.slice(range.start, range.end) : file).arrayBuffer());
    }
  }
  const listings = await Promise.all(zips.map(({ archive, name }) => listZip(archive, name)));
  zips.forEach(({ archive }, k) => {
    const listing = listings[k]!;
    opened.skipped.push(...listing.skipped);
    for (const entry of listing.entries) {
      opened.inputs.push({ archive, entry });
      opened.readers.set(entry.name, (signal) => readEntryNative(archive, entry.location, signal));
    }
  });
  return opened;
}
