/**
 * What a zip entry is, once its central directory record has been read: enough to find and check its
 * bytes later without the archive's directory (structured-cloneable, so a worker can be handed it).
 */
export interface ZipEntryLocation {
  /** Offset of the entry's local file header in the archive. */
  headerOffset: number;
  compressedSize: number;
  uncompressedSize: number;
  /** 0: stored, 8: deflated (the only methods read). */
  method: 0 | 8;
  crc32: number;
}

/** One entry of an archive: its name as shown (`archive.zip/folder/file`) and where its bytes are. */
export interface ZipEntryRef {
  name: string;
  location: ZipEntryLocation;
}

/** Random access to an archive's bytes: a browser File or Blob, a file on disk. */
export interface ArchiveBytes {
  readonly size: number;
  read(start: number, end: number): Promise<Uint8Array>;
}

export function archiveFromBlob(blob: Blob): ArchiveBytes {
  return { size: blob.size, read: async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()) };
}

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
export const LOCAL_HEADER_SIZE = 30;

/**
 * Where the entry's data starts, from its local file header (read at `headerBytes`, which start at
 * the header): the local name and extra field may differ in length from the central directory's.
 */
export function dataStartFrom(headerBytes: Uint8Array, location: ZipEntryLocation): number {
  if (headerBytes.length < LOCAL_HEADER_SIZE) throw new Error('the archive ends inside the entry’s local header');
  const view = new DataView(headerBytes.buffer, headerBytes.byteOffset, headerBytes.byteLength);
  if (view.getUint32(0, true) !== LOCAL_HEADER_SIGNATURE) {
    throw new Error('no local file header where the central directory points (corrupt archive)');
  }
  const start = location.headerOffset + LOCAL_HEADER_SIZE + view.getUint16(26, true) + view.getUint16(28, true);
  return start;
}

/** The entry's data start, read from the archive (one small read). */
export async function entryDataStart(archive: ArchiveBytes, location: ZipEntryLocation): Promise<number> {
  const header = await archive.read(location.headerOffset, location.headerOffset + LOCAL_HEADER_SIZE);
  const start = dataStartFrom(header, location);
  if (start + location.compressedSize > archive.size) throw new Error('the archive ends inside the entry’s data (truncated)');
  return start;
}

/** A whole entry's bytes checked against its central directory: size, then CRC-32. */
export function checkEntryBytes(bytes: Uint8Array, location: ZipEntryLocation, crc: (bytes: Uint8Array) => number): void {
  if (bytes.length !== location.uncompressedSize) {
    throw new Error(`entry inflates to ${bytes.length} bytes, its directory says ${location.uncompressedSize} (corrupt archive)`);
  }
  if (crc(bytes) !== location.crc32) throw new Error('entry fails its CRC-32 check (corrupt archive)');
}
