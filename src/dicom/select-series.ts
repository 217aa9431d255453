import { DicomError } from './dicom-error';
import type { SeriesEntry, StudyIndex } from './series-types';

/**
 * Finds one series by number or UID. A number shared by several series (two studies can both have a
 * series 201) is ambiguous and listed rather than guessed.
 */
export function selectSeries(index: StudyIndex, wanted: string): SeriesEntry {
  const byUid = index.series.filter((s) => s.id === wanted || s.seriesInstanceUID === wanted);
  const candidates =
    byUid.length > 0 ? byUid : index.series.filter((s) => /^\d+$/.test(wanted) && s.seriesNumber === Number(wanted));
  const volumes = candidates.filter((s) => s.isVolume);
  const pool = volumes.length > 0 ? volumes : candidates;
  if (pool.length === 0) {
    const known = index.series.map((s) => `${s.seriesNumber ?? '?'} (${s.id})`).join(', ');
    throw new DicomError(`no series "${wanted}"; found: ${known || 'none'}`);
  }
  if (pool.length > 1) {
    throw new DicomError(
      `series "${wanted}" is ambiguous, it matches ${pool.length} series: ${pool.map((s) => s.id).join(', ')}`,
    );
  }
  return pool[0]!;
}
