import dicomParser from 'dicom-parser';
import type { SourceFile } from '../sources/source-file';
import { inflateDataSet } from './deflate';
import { parserMessage } from './parser-message';
import type { SkippedFile } from './types';

/** Media Storage Directory Storage: the SOP class of a DICOMDIR. */
export const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';
const DIRECTORY_RECORD_SEQUENCE = 'x00041220';
const RECORD_IN_USE_FLAG = 'x00041410';
const REFERENCED_FILE_ID = 'x00041500';

/**
 * What one DICOMDIR names: the file IDs of its records, as paths relative to its own folder
 * (`DICOM/S201/IM0001`), or why it could not be read.
 */
export interface DicomdirListing {
  /** The DICOMDIR's own name among the files. */
  file: string;
  referenced: string[];
  /** Named DICOMDIR, as the standard names a File-set's directory; otherwise found by its SOP class. */
  named: boolean;
  problem?: string;
}

/** A file the standard names DICOMDIR (PS3.10: the File-set's directory, at its root). */
export function isDicomdirName(name: string): boolean {
  return /(^|\/)DICOMDIR$/i.test(name);
}

/**
 * The file IDs a DICOMDIR's directory records reference, each its components joined with `/`, in
 * record order and without repeats. Records flagged inactive are left out. Throws, in words, when
 * the bytes are not a DICOMDIR.
 */
export function parseDicomdir(bytes: Uint8Array): string[] {
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = dicomParser.parseDicom(bytes, { inflater: inflateDataSet });
  } catch (error) {
    throw new Error(`malformed DICOM (${parserMessage(error)})`);
  }
  const sopClass = (dataSet.string('x00020002') ?? '').trim();
  if (sopClass !== DICOMDIR_SOP_CLASS) throw new Error(`not a DICOMDIR (Media Storage SOP Class ${sopClass || 'missing'})`);
  const records = dataSet.elements[DIRECTORY_RECORD_SEQUENCE]?.items;
  if (!records) throw new Error('a DICOMDIR without a Directory Record Sequence');
  const referenced = new Set<string>();
  for (const record of records) {
    const item = record.dataSet;
    if (!item || item.uint16(RECORD_IN_USE_FLAG) === 0) continue;
    const id = item.string(REFERENCED_FILE_ID);
    if (!id) continue;
    const components = id.split('\\').map((part) => part.trim());
    if (components.some((part) => part === '' || part === '.' || part === '..')) continue;
    referenced.add(components.join('/'));
  }
  return [...referenced];
}

/**
 * Reads the DICOMDIRs among the files skipped while their headers were read (a DICOMDIR has no pixel
 * data): those named DICOMDIR, and those whose SOP class said so. A file named DICOMDIR that turns
 * out to be something else is left to its first reason.
 */
export async function readDicomdirs(skipped: SkippedFile[], sources: readonly SourceFile[]): Promise<DicomdirListing[]> {
  const byName = new Map(sources.map((source) => [source.name, source]));
  const listings: DicomdirListing[] = [];
  for (const { file, reason } of skipped) {
    const bySopClass = reason.includes('DICOMDIR');
    const source = byName.get(file);
    if (!source || (!bySopClass && !isDicomdirName(file))) continue;
    try {
      listings.push({ file, referenced: parseDicomdir(await source.readAll()), named: isDicomdirName(file) });
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      if (bySopClass) listings.push({ file, referenced: [], named: isDicomdirName(file), problem });
    }
  }
  return listings;
}

/** The folder a DICOMDIR's file IDs are relative to: its own. */
function folderOf(name: string): string {
  const cut = name.lastIndexOf('/');
  return cut < 0 ? '' : name.slice(0, cut + 1);
}

/**
 * The files a DICOMDIR names, matched case-insensitively (its IDs are upper case, media and copies
 * not always) against the names present, and the IDs that match none (as the path they would have).
 */
export function resolveDicomdir(listing: DicomdirListing, names: Iterable<string>): { found: string[]; missing: string[] } {
  const byLowerCase = new Map<string, string>();
  for (const name of names) byLowerCase.set(name.toLowerCase(), name);
  const folder = folderOf(listing.file);
  const found: string[] = [];
  const missing: string[] = [];
  for (const id of listing.referenced) {
    const path = `${folder}${id}`;
    const match = byLowerCase.get(path.toLowerCase());
    if (match) found.push(match);
    else missing.push(path);
  }
  return { found, missing };
}

/**
 * What the DICOMDIRs say about the files: each read one leaves the skipped list and becomes a notice
 * ("DICOMDIR: 140 files named, 140 found"); every file it names that is not there is listed as
 * skipped with that reason; one that could not be read stays skipped with why. Files a DICOMDIR
 * does not name are indexed all the same (nothing is lost when it is incomplete).
 *
 * A directory file under another name whose IDs match none of the files from its folder is not used:
 * Philips writes such DIRFILEs in every series folder, naming files from a root above the folder the
 * user opened (`S21610\S2010\I10` beside `I10`). It stays skipped, saying so, rather than reporting
 * every file it names as missing.
 */
export function applyDicomdirs(
  listings: DicomdirListing[],
  names: Iterable<string>,
  skipped: SkippedFile[],
): { skipped: SkippedFile[]; notices: string[] } {
  if (listings.length === 0) return { skipped, notices: [] };
  const all = [...names];
  const read = new Set(listings.map((listing) => listing.file));
  const kept = skipped.filter((file) => !read.has(file.file));
  const notices: string[] = [];
  for (const listing of listings) {
    if (listing.problem !== undefined) {
      kept.push({ file: listing.file, reason: `DICOMDIR could not be read: ${listing.problem}` });
      continue;
    }
    const { found, missing } = resolveDicomdir(listing, all);
    if (!listing.named && found.length === 0) {
      const count = listing.referenced.length;
      kept.push({
        file: listing.file,
        reason:
          `a DICOM directory file (DICOMDIR SOP class) naming ${files(count)}, none of them found from its folder: ` +
          'not used, the files are indexed on their own',
      });
      continue;
    }
    notices.push(`${listing.file}: ${files(listing.referenced.length)} named, ${found.length} found`);
    kept.push(...missing.map((file) => ({ file, reason: `named by ${listing.file} but not among the files` })));
  }
  kept.sort((a, b) => a.file.localeCompare(b.file));
  return { skipped: kept, notices };
}

function files(count: number): string {
  return `${count} file${count === 1 ? '' : 's'}`;
}
