import type { SourceFile } from '../sources/source-file';
import { applyDicomdirs, readDicomdirs } from './dicomdir';
import { analyzeStack } from './geometry';
import { lossySeriesWarning } from './lossy-compression';
import { parseHeaderBatch } from './parse-header-batch';
import type { PatientEntry, SeriesEntry, StudyEntry, StudyIndex } from './series-types';
import type { SkippedFile, SliceHeader } from './types';
import { notVolumeReason } from './volume-eligibility';

export type IndexProgress = (done: number, total: number) => void;

/**
 * Reads every file's header (never pixel data) and organises them as patient → study → series; a
 * DICOMDIR among them is read for what it names (see applyDicomdirs). `alreadySkipped`: files the
 * source itself could not offer (an archive's unreadable entries).
 */
export async function indexSources(
  sources: SourceFile[],
  onProgress?: IndexProgress,
  alreadySkipped: SkippedFile[] = [],
): Promise<StudyIndex> {
  let done = 0;
  const batch = await parseHeaderBatch(sources, 1, () => onProgress?.(++done, sources.length));
  const listings = await readDicomdirs(batch.skipped, sources);
  const names = sources.map((source) => source.name);
  const { skipped, notices } = applyDicomdirs(listings, names, [...alreadySkipped, ...batch.skipped]);
  return indexHeaders(batch.headers, skipped, notices);
}

/** `notices`: what was read besides images, in words (a DICOMDIR's count of the files it names). */
export function indexHeaders(headers: SliceHeader[], skippedFiles: SkippedFile[] = [], notices: string[] = []): StudyIndex {
  const skipped = [...skippedFiles];
  const bySeriesUID = groupBy(headers, (h) => h.seriesInstanceUID || `no-series-uid:${h.studyInstanceUID}`);
  const allSeries: SeriesEntry[] = [];
  for (const [uid, members] of bySeriesUID) {
    const groups = [...groupBy(members, geometryKey).values()];
    // Largest group keeps the bare UID so the main acquisition's id stays stable.
    groups.sort((a, b) => b.length - a.length);
    // Files skipped while their headers were read still said which series they belong to.
    const excluded = skipped.filter((file) => file.seriesInstanceUID === uid);
    groups.forEach((group, index) =>
      allSeries.push(makeSeries(index === 0 ? uid : `${uid}#${index + 1}`, uid, group, groups.length, skipped)),
    );
    const main = allSeries.find((series) => series.id === uid);
    if (main && excluded.length > 0) {
      main.excluded = [...excluded, ...(main.excluded ?? [])];
      main.warnings.push(...excluded.map((file) => `left out ${file.file}: ${file.reason}`));
    }
  }

  const patients = new Map<string, PatientEntry>();
  const studies = new Map<string, StudyEntry>();
  for (const series of allSeries) {
    const first = series.slices[0]!;
    const patientKey = `${first.patientId}\u0000${first.patientName}`;
    let patient = patients.get(patientKey);
    if (!patient) {
      patient = { patientId: first.patientId, patientName: first.patientName, studies: [] };
      patients.set(patientKey, patient);
    }
    let study = studies.get(first.studyInstanceUID);
    if (!study) {
      study = {
        studyInstanceUID: first.studyInstanceUID,
        description: first.studyDescription,
        date: first.studyDate,
        series: [],
      };
      studies.set(first.studyInstanceUID, study);
      patient.studies.push(study);
    }
    study.series.push(series);
  }
  for (const study of studies.values()) study.series.sort(compareSeries);
  allSeries.sort(compareSeries);
  return { patients: [...patients.values()], series: allSeries, skipped, ...(notices.length > 0 ? { notices } : {}) };
}

/** Volumes first, then by series number, so the list offers what can be built at the top. */
function compareSeries(a: SeriesEntry, b: SeriesEntry): number {
  if (a.isVolume !== b.isVolume) return a.isVolume ? -1 : 1;
  return (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity) || a.id.localeCompare(b.id);
}

/** Images of one UID that differ in size or orientation cannot share a volume. */
function geometryKey(h: SliceHeader): string {
  const iop = h.imageOrientationPatient?.map((v) => v.toFixed(3)).join(',') ?? 'no-orientation';
  return `${h.rows}x${h.columns}|${iop}|${h.samplesPerPixel}`;
}

/**
 * Slices without ImagePositionPatient among slices with it: their place in the stack is unknown, so
 * they are listed apart and the rest is built (their gap reported like a missing slice).
 */
function withoutUnplacedSlices(slices: SliceHeader[]): { placed: SliceHeader[]; unplaced: SkippedFile[] } {
  const placed = slices.filter((slice) => slice.imagePositionPatient);
  if (placed.length < 2 || placed.length === slices.length) return { placed: slices, unplaced: [] };
  const unplaced = slices
    .filter((slice) => !slice.imagePositionPatient)
    .map((slice) => ({
      file: slice.file,
      reason: 'no ImagePositionPatient: its place in the stack is unknown',
      seriesInstanceUID: slice.seriesInstanceUID,
    }));
  return { placed, unplaced };
}

function makeSeries(id: string, uid: string, all: SliceHeader[], groupCount: number, skipped: SkippedFile[]): SeriesEntry {
  const { placed: slices, unplaced } = withoutUnplacedSlices(all);
  skipped.push(...unplaced);
  const first = slices[0]!;
  let reason = notVolumeReason(slices, first.seriesDescription);
  const warnings: string[] = [];
  if (groupCount > 1) warnings.push(`series UID holds ${groupCount} groups of different size or orientation; listed apart`);
  const lossy = lossySeriesWarning(slices);
  if (lossy) warnings.push(lossy);
  let sorted = [...slices].sort((a, b) => (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0) || a.file.localeCompare(b.file));
  if (!reason) {
    try {
      const stack = analyzeStack(slices);
      sorted = stack.slices;
      warnings.push(...stack.warnings);
      if (stack.slices.length < 2) reason = 'all images share one position';
    } catch (error) {
      reason = `inconsistent geometry: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return {
    id,
    seriesInstanceUID: uid,
    seriesNumber: first.seriesNumber,
    modality: first.modality,
    description: first.seriesDescription,
    sopClassUID: first.sopClassUID,
    rows: first.rows,
    columns: first.columns,
    sliceCount: slices.length,
    isVolume: reason === '',
    reason,
    warnings: [...warnings, ...unplaced.map((file) => `left out ${file.file}: ${file.reason}`)],
    ...(unplaced.length > 0 ? { excluded: unplaced } : {}),
    slices: sorted,
  };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
