import { Inflate, inflateSync } from 'fflate';
import { type SourceFile, UnreadableFileError } from '../source-file';
import { crc32 } from './crc32';
import {
  type ArchiveBytes,
  LOCAL_HEADER_SIZE,
  type ZipEntryLocation,
  type ZipEntryRef,
  checkEntryBytes,
  dataStartFrom,
} from './zip-entry';

/** Room for the local header's name and extra field, read with its first data so that one read does. */
const LOCAL_HEADER_ROOM = 1024;
/** Compressed bytes fed to the inflater at a time, so that it stops soon after the head is out. */
const INFLATE_STEP = 16 * 1024;

/**
 * One zip entry as a file. A range from its start is inflated only as far as it reaches, the head a
 * header parse asks for without the rest of the entry (whose CRC-32 cannot be checked then: a damaged
 * head fails to inflate or to parse); the whole entry is inflated and checked against its CRC-32.
 * Inflating is synchronous: this runs in a worker or in Node, never on the page.
 */
export function zipEntrySource(archive: ArchiveBytes, { name, location }: ZipEntryRef): SourceFile {
  let head: Uint8Array = new Uint8Array(0);
  // A header parse names the file itself; the whole entry is read by the volume build, which does not.
  const whole = () => readWholeEntry(archive, location).catch((error: unknown) => Promise.reject(named(error, name)));
  return {
    name,
    size: location.uncompressedSize,
    async readRange(start, end) {
      const stop = Math.min(end, location.uncompressedSize);
      if (stop > head.length) {
        head =
          stop >= location.uncompressedSize
            ? await readWholeEntry(archive, location)
            : await inflateHead(archive, location, stop);
      }
      return head.subarray(Math.min(start, stop), stop);
    },
    readAll: whole,
  };
}

export async function readWholeEntry(archive: ArchiveBytes, location: ZipEntryLocation): Promise<Uint8Array> {
  const first = await archive.read(location.headerOffset, location.headerOffset + LOCAL_HEADER_SIZE);
  const start = dataStartFrom(first, location);
  const data = await archive.read(start, start + location.compressedSize);
  if (data.length < location.compressedSize) throw new Error('the archive ends inside the entry’s data (truncated)');
  let bytes: Uint8Array;
  try {
    bytes = location.method === 0 ? data : inflateSync(data, { out: new Uint8Array(location.uncompressedSize) });
  } catch (error) {
    throw new Error(`entry does not inflate (${error instanceof Error ? error.message : String(error)}): corrupt archive`);
  }
  checkEntryBytes(bytes, location, crc32);
  return bytes;
}

/** The entry's first `wanted` bytes (or more), inflating no further than needed. */
async function inflateHead(archive: ArchiveBytes, location: ZipEntryLocation, wanted: number): Promise<Uint8Array> {
  // Deflate never shrinks data below ~1/1000, rarely grows it: `wanted` compressed bytes and a little
  // more nearly always hold the head, so one read usually does.
  const firstCompressed = Math.min(location.compressedSize, wanted + LOCAL_HEADER_ROOM);
  const at = location.headerOffset;
  const first = await archive.read(at, at + LOCAL_HEADER_SIZE + LOCAL_HEADER_ROOM + firstCompressed);
  const start = dataStartFrom(first, location);
  const end = start + location.compressedSize;
  let read = first.subarray(start - at, start - at + location.compressedSize);
  let next = start + read.length;
  if (location.method === 0) {
    if (read.length < wanted) read = await archive.read(start, start + wanted);
    if (read.length < wanted) throw new Error('the archive ends inside the entry’s data (truncated)');
    return read.subarray(0, Math.min(read.length, location.uncompressedSize));
  }
  const out: Uint8Array[] = [];
  let produced = 0;
  let failure: unknown = null;
  const inflater = new Inflate((chunk) => {
    out.push(chunk);
    produced += chunk.length;
  });
  for (;;) {
    for (let k = 0; k < read.length && produced < wanted; k += INFLATE_STEP) {
      const piece = read.subarray(k, k + INFLATE_STEP);
      try {
        inflater.push(piece, next >= end && k + INFLATE_STEP >= read.length);
      } catch (error) {
        failure = error;
        break;
      }
    }
    if (failure) throw new Error(`entry does not inflate (${(failure as Error).message ?? String(failure)}): corrupt archive`);
    if (produced >= wanted || next >= end) break;
    read = await archive.read(next, Math.min(end, next + Math.max(INFLATE_STEP, wanted - produced)));
    if (read.length === 0) throw new Error('the archive ends inside the entry’s data (truncated)');
    next += read.length;
  }
  if (produced < wanted) throw new Error(`entry inflates to ${produced} bytes, short of its first ${wanted} (corrupt archive)`);
  return concat(out, produced);
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

function named(error: unknown, name: string): Error {
  return new UnreadableFileError(`${name}: ${error instanceof Error ? error.message : String(error)}`);
}
