import type { HeaderInput, IngestWorkerApi } from './ingest-worker-api';
import type { SliceHeader } from '../dicom/types';
import type { BuildPlan } from '../volume/build-plan';

/** How an ingest worker ended: without a word (its lock was released) or on an uncaught error. */
export type WorkerEnd = 'stopped' | 'failed' | 'unreadable-answer';

/**
 * The error a pending job of a worker that ended gets: what happened, during what (the files or
 * series it held), and that the next load will work. `cause` keeps the raw event for developers.
 */
export function workerEndedError(end: WorkerEnd, method: string, args: unknown[], cause?: unknown): Error {
  const what = {
    stopped: 'the image reader stopped (out of memory?)',
    failed: 'the image reader failed with an unexpected error',
    'unreadable-answer': 'an answer of the image reader could not be received',
  }[end];
  return new Error(`${what} while ${jobName(method, args)}; it has been restarted: load again to retry`, { cause });
}

/** What a call of the worker API was doing, in words. */
export function jobName(method: string, args: unknown[]): string {
  switch (method as keyof IngestWorkerApi) {
    case 'warmUp':
      return 'loading the DICOM reader';
    case 'generateSample':
      return 'generating the sample';
    case 'parseHeaders':
      return `reading the headers of ${fileRange(((args[0] as HeaderInput[] | undefined) ?? []).map(inputName))}`;
    case 'listZip':
      return `listing the zip archive ${String(args[1] ?? '')}`.trimEnd();
    case 'readChunk':
      return `reading ${fileRange(headerFiles(args[2]))}`;
    case 'readChunkInto':
      return `reading ${fileRange(headerFiles(args[3]))}`;
    case 'readImage2d':
      return `reading ${(args[1] as SliceHeader | undefined)?.file ?? 'an image'}`;
    case 'renderThumbnail':
      return `drawing the thumbnail of ${(args[1] as SliceHeader | undefined)?.file ?? 'a series'}`;
    case 'readHeaderTree':
      return `reading the header of ${String(args[1] ?? 'a file')}`;
    case 'assemble':
      return `assembling the volume of ${seriesName(args[0] as BuildPlan | undefined)}`;
    default:
      return method;
  }
}

/** A file handed over, or an entry of a zip archive (named as its listing shows it). */
function inputName(input: HeaderInput): string {
  return 'entry' in input ? input.entry.name : input.name;
}

function headerFiles(headers: unknown): string[] {
  return Array.isArray(headers) ? (headers as SliceHeader[]).map((header) => header.file) : [];
}

function fileRange(names: string[]): string {
  if (names.length === 0) return 'no file';
  if (names.length === 1) return names[0]!;
  return `${names[0]} … ${names[names.length - 1]} (${names.length} files)`;
}

function seriesName(plan: BuildPlan | undefined): string {
  if (!plan) return 'a series';
  const { seriesNumber, description } = plan.series;
  return `series ${[seriesNumber ?? '', description].join(' ').trim() || plan.series.seriesInstanceUID}`;
}
