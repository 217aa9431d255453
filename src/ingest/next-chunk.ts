import type { ChunkStream } from './chunk-stream';
import type { StreamedFiles } from '../sources/source-file';
import type { SliceChunk } from '../volume/build-plan';

/**
 * The chunk a free worker reads next: in order, except that a stream delivers in the server's order,
 * so the first chunk whose files have all arrived goes first, and while none has, the worker waits for
 * the next arrival. Once the stream cannot deliver more before files are taken (ended, or full), the
 * next chunk in order is read, its missing files on their own.
 */
export function nextChunk(
  left: readonly SliceChunk[],
  stream: Pick<ChunkStream, 'arrivedIn'>,
  streamed: StreamedFiles | null,
): number | Promise<void> {
  if (!streamed) return 0;
  const arrived = left.findIndex((chunk) => stream.arrivedIn(chunk, streamed));
  if (arrived >= 0) return arrived;
  return streamed.arrival() ?? 0;
}
