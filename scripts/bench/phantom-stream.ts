/**
 * Writes a large phantom series file by file with `generatePhantomFiles`, so a 2000-slice 512×512
 * series (1 GiB of int16) never sits in memory.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { type PhantomOptions, generatePhantomFiles } from '../../src/phantom/phantom';

export type StreamPhantomOptions = Omit<PhantomOptions, 'shuffle'>;

export interface StreamProgress {
  written: number;
  total: number;
  bytes: number;
}

/** Writes every file of the series into `dir`, one at a time. Returns the series UID and bytes written. */
export async function writePhantomSeriesStreaming(
  options: StreamPhantomOptions,
  dir: string,
  onProgress?: (p: StreamProgress) => void,
): Promise<{ seriesInstanceUID: string; files: number; bytes: number }> {
  await mkdir(dir, { recursive: true });
  const total = options.slices ?? 64;
  let bytes = 0;
  let written = 0;
  let seriesInstanceUID = '';
  for (const { file } of generatePhantomFiles(options)) {
    await writeFile(join(dir, file.name), file.data);
    bytes += file.data.byteLength;
    written++;
    onProgress?.({ written, total, bytes });
    seriesInstanceUID ||= seriesUidOf(file.data);
  }
  return { seriesInstanceUID, files: written, bytes };
}

function seriesUidOf(part10: Uint8Array): string {
  return dicomParser.parseDicom(part10, { untilTag: 'x7fe00010' }).string('x0020000e') ?? '';
}
