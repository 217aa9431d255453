import type { SourceFile } from './source-file';

/**
 * A file of `size` bytes of which only [start, start + bytes.length) was read (one frame of a
 * multi-frame file, read by the page for the worker that decodes it): reads inside that range are
 * served, any other read is an error that says so rather than bytes that are not the file's.
 */
export function sourceFromRange(name: string, bytes: Uint8Array, start: number, size: number): SourceFile {
  const end = start + bytes.byteLength;
  const outside = (from: number, to: number) =>
    new Error(`${name}: bytes ${from}–${to} were not read (only ${start}–${end} of ${size} were)`);
  return {
    name,
    size,
    readRange: async (from, to) => {
      if (from < start || Math.min(to, size) > end) throw outside(from, to);
      return bytes.subarray(from - start, Math.min(to, size) - start);
    },
    readAll: async () => {
      if (start !== 0 || end !== size) throw outside(0, size);
      return bytes;
    },
  };
}
