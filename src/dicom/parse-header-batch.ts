import type { SourceFile } from '../sources/source-file';
import { parseHeader } from './parse-header';
import type { SkippedFile, SliceHeader } from './types';

export interface HeaderBatch {
  headers: SliceHeader[];
  skipped: SkippedFile[];
}

/**
 * Headers of a batch of files, `inFlight` reads at a time: reading a header is a round trip to
 * wherever the file lives (the browser's blob store, the disk), parsing it well under a millisecond,
 * so a batch never holds a thread for long. A file that cannot be read is skipped with the reason.
 * With `inFlight` 1 the files are taken in the order given (headers and skipped files keep it).
 */
export async function parseHeaderBatch(sources: SourceFile[], inFlight: number, onFile?: () => void): Promise<HeaderBatch> {
  const headers: SliceHeader[] = [];
  const skipped: SkippedFile[] = [];
  let next = 0;
  const lane = async () => {
    while (next < sources.length) {
      const source = sources[next++]!;
      try {
        const result = await parseHeader(source);
        if (result.ok) {
          headers.push(...result.headers);
          skipped.push(...result.skipped);
        } else skipped.push(result.skipped);
      } catch (error) {
        skipped.push({
          file: source.name,
          reason: `could not be read (${error instanceof Error ? error.message : String(error)})`,
        });
      }
      onFile?.();
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, sources.length) }, lane));
  return { headers, skipped };
}
