/**
 * The corpus's raw material, read into memory: a few shared-data slices (never copied into the
 * project), and generated phantoms. Each call returns fresh copies, so a case may edit them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PhantomOptions, generatePhantom } from '../../src/phantom/phantom';
import { sharedCt } from '../helpers/shared-data';
import type { CaseFile, CaseFiles } from './case-types';

/** philips-head cut to 8 slices (5 mm apart, I110…I180): small enough for every case, and I150 in the middle. */
export const HEAD_SLICES = ['I110', 'I120', 'I130', 'I140', 'I150', 'I160', 'I170', 'I180'];
/** The slice cases edit or leave out. */
export const EDITED = 'I150';

const cache = new Map<string, Uint8Array>();
function readShared(folder: string, name: string): Uint8Array {
  const key = `${folder}/${name}`;
  let bytes = cache.get(key);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(join(sharedCt(folder), name)));
    cache.set(key, bytes);
  }
  return bytes.slice();
}

export function headFile(name: string): CaseFile {
  return { name, bytes: readShared('philips-head', name) };
}

/** The cut philips-head, each file passed through `edit` (identity by default). */
export function head(edit: (file: CaseFile) => CaseFile | null = (file) => file): CaseFiles {
  return HEAD_SLICES.map(headFile)
    .map(edit)
    .filter((file): file is CaseFile => file !== null);
}

/** The cut philips-head with one slice replaced by `bytes` (null: left out). */
export function headWith(name: string, bytes: (original: Uint8Array) => Uint8Array | null): CaseFiles {
  return head((file) => {
    if (file.name !== name) return file;
    const edited = bytes(file.bytes);
    return edited ? { name, bytes: edited } : null;
  });
}

/** philips-head's Philips directory file (not DICOM). */
export const philipsDirfile = (): CaseFile => ({ name: 'DIRFILE', bytes: readShared('philips-head', 'DIRFILE') });

/** A file of the Philips phantom study folder (philips-phantom-tilt/<series folder>/<name>). */
export const phantomTiltFile = (folder: string, name: string): CaseFile => ({
  name,
  bytes: readShared('philips-phantom-tilt', `${folder}/${name}`),
});

/** ge-head-tilt slices `from`…`to` (1-based, 01.dcm…28.dcm): tilted 18.5°, 4 mm apart up to 14, 7 mm after. */
export function geHead(from: number, to: number): CaseFiles {
  const files: CaseFiles = [];
  for (let n = from; n <= to; n++) {
    const name = `${String(n).padStart(2, '0')}.dcm`;
    files.push({ name, bytes: readShared('ge-head-tilt', name) });
  }
  return files;
}

/** A small phantom (64×64, 8 slices unless told otherwise) as Part 10 files. */
export function phantom(options: PhantomOptions = {}): CaseFiles {
  return generatePhantom({ rows: 64, columns: 64, slices: 8, seed: 'corpus', ...options }).files.map((file) => ({
    name: file.name,
    bytes: file.data,
  }));
}

export const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
export const hex = (text: string): Uint8Array => Uint8Array.from(text.split(' ').map((byte) => parseInt(byte, 16)));
export const concatBytes = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((part) => [...part]));
