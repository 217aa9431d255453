import type { SkippedFile, SliceHeader } from './types';

/** One reconstructable (or explicitly not reconstructable) group of images. */
export interface SeriesEntry {
  /** Unique in the index: the SeriesInstanceUID, with a suffix when one UID had to be split. */
  id: string;
  seriesInstanceUID: string;
  seriesNumber: number | null;
  modality: string;
  description: string;
  sopClassUID: string;
  rows: number;
  columns: number;
  sliceCount: number;
  isVolume: boolean;
  /** Why this is not a volume; empty when it is one. */
  reason: string;
  /** Geometry findings known from headers alone (tilt, spacing, gaps, duplicates). */
  warnings: string[];
  /** Files whose header names this series but which cannot be read as one of its slices. */
  excluded?: SkippedFile[];
  /** Slice headers, sorted along the slice normal when the series is a volume. */
  slices: SliceHeader[];
}

export interface StudyEntry {
  studyInstanceUID: string;
  description: string;
  date: string;
  series: SeriesEntry[];
}

export interface PatientEntry {
  patientId: string;
  patientName: string;
  studies: StudyEntry[];
}

export interface StudyIndex {
  patients: PatientEntry[];
  /** Every series of every study, volumes first, for lists and the CLI. */
  series: SeriesEntry[];
  skipped: SkippedFile[];
  /** What was read besides images, in words: "DICOMDIR: 140 files named, 140 found". */
  notices?: string[];
}

/** What the UI needs of a series: everything but the per-slice headers. */
export type SeriesSummary = Omit<SeriesEntry, 'slices'>;

export interface StudyIndexSummary {
  patients: Array<Omit<PatientEntry, 'studies'> & { studies: Array<Omit<StudyEntry, 'series'> & { series: SeriesSummary[] }> }>;
  series: SeriesSummary[];
  skipped: StudyIndex['skipped'];
  notices?: string[];
  fileCount: number;
}

export function summarizeSeries({ slices: _slices, ...summary }: SeriesEntry): SeriesSummary {
  return summary;
}

export function summarizeIndex(index: StudyIndex, fileCount: number): StudyIndexSummary {
  return {
    patients: index.patients.map((patient) => ({
      ...patient,
      studies: patient.studies.map((study) => ({ ...study, series: study.series.map(summarizeSeries) })),
    })),
    series: index.series.map(summarizeSeries),
    skipped: index.skipped,
    ...(index.notices ? { notices: index.notices } : {}),
    fileCount,
  };
}
