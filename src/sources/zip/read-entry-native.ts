import { UnreadableFileError } from '../source-file';
import { crc32 } from './crc32';
import { type ZipEntryLocation, archiveFromBlob, checkEntryBytes, entryDataStart } from './zip-entry';

/**
 * A whole zip entry read where no JavaScript inflater may run long (the page): the compressed bytes
 * are a slice of the archive File, inflated by the runtime's native DecompressionStream, which works
 * through the stream piece by piece and never holds the thread for a whole entry. The result is
 * checked against the entry's size and CRC-32; the buffer holds the entry alone (it can be moved).
 */
export async function readEntryNative(archive: Blob, location: ZipEntryLocation, signal?: AbortSignal): Promise<ArrayBuffer> {
  try {
    return await readEntry(archive, location, signal);
  } catch (error) {
    signal?.throwIfAborted();
    // The archive itself was read: what is wrong is this entry's bytes, not the others'.
    throw new UnreadableFileError(error instanceof Error ? error.message : String(error));
  }
}

async function readEntry(archive: Blob, location: ZipEntryLocation, signal?: AbortSignal): Promise<ArrayBuffer> {
  const start = await entryDataStart(archiveFromBlob(archive), location);
  const compressed = archive.slice(start, start + location.compressedSize);
  signal?.throwIfAborted();
  let buffer: ArrayBuffer;
  if (location.method === 0) buffer = await compressed.arrayBuffer();
  else {
    try {
      const inflated = compressed.stream().pipeThrough(new DecompressionStream('deflate-raw'), signal ? { signal } : {});
      buffer = await new Response(inflated).arrayBuffer();
    } catch (error) {
      signal?.throwIfAborted();
      throw new Error(`entry does not inflate (${error instanceof Error ? error.message : String(error)}): corrupt archive`);
    }
  }
  checkEntryBytes(new Uint8Array(buffer), location, crc32);
  return buffer;
}
