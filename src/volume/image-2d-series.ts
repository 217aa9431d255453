import { DicomError } from '../dicom/dicom-error';
import type { StudyIndex } from '../dicom/series-types';
import type { SliceHeader } from '../dicom/types';

/** The images a series that is not a volume shows in 2D, and the one to show first. */
export interface Images2d {
  /** In instance number order (then by file), each image at its own size. */
  images: SliceHeader[];
  /** Index in `images` of the chosen list entry's first image. */
  start: number;
}

/**
 * The images to step through when `seriesId` (not a volume) is opened in 2D: all the images of its
 * SeriesInstanceUID that are not part of a volume. The index splits a UID's images by size (a
 * summary series holds a 512×256 scout copy and 650-wide colour pages): in 2D they are one series
 * again, each image at its own size.
 */
export function images2dOf(index: StudyIndex, seriesId: string): Images2d {
  const chosen = index.series.find((series) => series.id === seriesId);
  if (!chosen) throw new DicomError(`series ${seriesId} is not in the loaded files`);
  if (chosen.slices.length === 0) throw new DicomError(`series ${chosen.seriesNumber ?? chosen.id} holds no image`);
  const related = chosen.isVolume
    ? [chosen]
    : index.series.filter((series) => !series.isVolume && series.seriesInstanceUID === chosen.seriesInstanceUID);
  const images = related.flatMap((series) => series.slices).sort(byInstance);
  const first = [...chosen.slices].sort(byInstance)[0]!;
  return { images, start: images.indexOf(first) };
}

function byInstance(a: SliceHeader, b: SliceHeader): number {
  const [x, y] = [a.instanceNumber ?? Infinity, b.instanceNumber ?? Infinity];
  if (x !== y) return x < y ? -1 : 1;
  return a.file.localeCompare(b.file);
}
