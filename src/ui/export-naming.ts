import type { StudyIndexSummary } from '../dicom/series-types';
import type { ExportNaming } from '../volume/export-file-name';

/**
 * What files exported from a volume are named after: its series in the index it was built from
 * (modality, study date, number, description, and the patient for those who ask for it). A volume
 * not in the index (a pipeline's output has the loaded one's series UID) falls back to its own facts.
 */
export function namingOf(
  index: StudyIndexSummary | null,
  volume: { seriesInstanceUID: string; seriesNumber: number | null; description: string },
): ExportNaming {
  for (const patient of index?.patients ?? []) {
    for (const study of patient.studies) {
      const series = study.series.find((s) => s.seriesInstanceUID === volume.seriesInstanceUID);
      if (!series) continue;
      return {
        modality: series.modality,
        date: study.date,
        seriesNumber: series.seriesNumber,
        // An anonymised series often has no description of its own: the study's ("HEAD") still says what it is.
        description: volume.description || series.description || study.description,
        patientId: patient.patientId,
        patientName: patient.patientName,
      };
    }
  }
  return { modality: '', date: '', seriesNumber: volume.seriesNumber, description: volume.description };
}
