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

export function sourceFromBytes(name: string, bytes: Uint8Array): SourceFile {
  return {
    name,
    size: bytes.byteLength,
    readRange: async (start, end) => bytes.subarray(start, Math.min(end, bytes.byteLength)),
    readAll: async () => bytes,
  };
}
