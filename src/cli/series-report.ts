import type { StudyIndex } from '../dicom/series-types';

/** The CLI's `series` JSON: a stable contract for scripts and acceptance checks. */
export function seriesReport(index: StudyIndex) {
  return {
    series: index.series.map((s) => {
      const first = s.slices[0];
      return {
        seriesInstanceUID: s.seriesInstanceUID,
        id: s.id,
        seriesNumber: s.seriesNumber,
        modality: s.modality,
        description: s.description,
        sliceCount: s.sliceCount,
        isVolume: s.isVolume,
        reason: s.reason,
        warnings: s.warnings,
        rows: s.rows,
        columns: s.columns,
        sopClassUID: s.sopClassUID,
        studyInstanceUID: first?.studyInstanceUID ?? '',
        patientId: first?.patientId ?? '',
        patientName: first?.patientName ?? '',
        studyDescription: first?.studyDescription ?? '',
      };
    }),
    skipped: index.skipped,
    ...(index.notices ? { notices: index.notices } : {}),
  };
}
