import type { FrameValues } from './functional-groups';
import type { FrameRange } from './frame-location';
import { sliceHeaderProblem } from './slice-geometry-check';
import type { SkippedFile, SliceHeader } from './types';

/** The key a slice's bytes are read by: its file's, also for one frame of a multi-frame file. */
export function sourceKey(header: Pick<SliceHeader, 'file' | 'frame'>): string {
  return header.frame?.file ?? header.file;
}

/** A frame's own key: the file's and the frame's number, as warnings name it. */
export function frameKey(file: string, index: number, count: number): string {
  return `${file} (frame ${index + 1} of ${count})`;
}

export interface FrameHeaders {
  headers: SliceHeader[];
  /** Frames whose own geometry is broken, each with its reason (the other frames are kept). */
  skipped: SkippedFile[];
}

/**
 * One slice header per frame of a multi-frame image: the file's header with the frame's own values
 * and where its bytes lie, each checked like a single-frame slice (slice-geometry-check), so grouping,
 * stack geometry (tilt, spacing, gaps) and the modality LUT treat frames and single-frame slices alike.
 */
export function frameHeaders(base: SliceHeader, values: FrameValues[], ranges: FrameRange[], inflated: boolean): FrameHeaders {
  const count = values.length;
  const result: FrameHeaders = { headers: [], skipped: [] };
  values.forEach((own, index) => {
    const [start, end] = ranges[index]!;
    const header: SliceHeader = {
      ...base,
      ...own,
      file: frameKey(base.file, index, count),
      numberOfFrames: 1,
      frame: { file: base.file, index, count, start, end, inflated },
    };
    const problem = sliceHeaderProblem(header);
    if (problem) result.skipped.push({ file: header.file, reason: problem, seriesInstanceUID: header.seriesInstanceUID });
    else result.headers.push(header);
  });
  return result;
}
