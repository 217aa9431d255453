import type { SliceHeader } from './types';

/**
 * The image a series' thumbnail shows: the middle one of a volume's slices (already sorted along the
 * slice normal by the index), or of a series of images by instance number (then file name), as the 2D
 * view steps through them. Null for a series without images.
 */
export function middleSlice(series: { isVolume: boolean; slices: SliceHeader[] }): SliceHeader | null {
  if (series.slices.length === 0) return null;
  const ordered = series.isVolume ? series.slices : [...series.slices].sort(byInstance);
  return ordered[Math.floor((ordered.length - 1) / 2)]!;
}

function byInstance(a: SliceHeader, b: SliceHeader): number {
  const [x, y] = [a.instanceNumber ?? Infinity, b.instanceNumber ?? Infinity];
  if (x !== y) return x < y ? -1 : 1;
  return a.file.localeCompare(b.file);
}
