/**
 * One input file, wherever it lives (browser File, Node path, DICOMweb instance).
 * Reading by range lets the indexer look at headers without loading pixel data.
 */
export interface SourceFile {
  /** Stable key shown to the user: relative path in a folder, or file name. */
  readonly name: string;
  readonly size: number;
  readRange(start: number, end: number): Promise<Uint8Array>;
  readAll(): Promise<Uint8Array>;
}

/**
 * One file cannot be read, the others can (a zip entry that fails its CRC-32, an instance a server no
 * longer has): the slice it holds is left out and reported like a slice whose pixel data is broken,
 * instead of failing the whole load. Any other read error (a server gone, a cancel) still fails it.
 */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
}

export function sourceFromBytes(name: string, bytes: Uint8Array): SourceFile {
  return {
    name,
    size: bytes.byteLength,
    readRange: async (start, end) => bytes.subarray(start, Math.min(end, bytes.byteLength)),
    readAll: async () => bytes,
  };
}

/** A file the page could not read, for the reader that decodes its chunk: every read fails with the reason. */
export function unreadableSource(name: string, reason: string): SourceFile {
  const fail = () => Promise.reject(new UnreadableFileError(reason));
  return { name, size: 0, readRange: fail, readAll: fail };
}

/**
 * Many of a source's files read at once, faster than one by one (a DICOMweb series in one answer):
 * `take` hands over a file's whole bytes once (a buffer of its own, to be transferred), or null for a
 * file it does not hold, which is then read on its own. `close` stops what is still being read.
 */
export interface StreamedFiles {
  take(file: string): Promise<ArrayBuffer> | null;
  /** Whether the file has arrived and waits to be taken (its take resolves at once). */
  holds(file: string): boolean;
  /**
   * Settles when the next file arrives (or the stream stops); null when none will arrive before some
   * are taken or read on their own (the stream ended, or holds all it may).
   */
  arrival(): Promise<void> | null;
  close(): void;
}

/** Starts streaming `files` (in the order they will be taken), or null where that is not worth it. */
export type FileStreamer = (files: readonly string[], signal?: AbortSignal) => StreamedFiles | null;
