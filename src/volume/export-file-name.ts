/** What an exported file is named after: the series, never the patient unless the user asked. */
export interface ExportNaming {
  modality: string;
  /** DICOM DA (YYYYMMDD) of the study, or empty. */
  date: string;
  seriesNumber: number | null;
  description: string;
  /** Only used when `includePatient` is set (the user ticked it). */
  patientId?: string;
  patientName?: string;
}

/** Longest stem kept (bytes of most file systems allow 255; the extension and a browser's " (1)" follow). */
const MAX_STEM = 120;

/**
 * `CT_20140101_S2_Head_routine.nii.gz`: modality, study date, series number, description, each cut
 * down to letters, digits, '.', '-' and '_' (a DICOM string may hold slashes, colons, controls or
 * markup), joined by '_'. The patient's ID and name lead only when `includePatient`.
 */
export function exportFileName(naming: ExportNaming, extension: string, includePatient = false, suffix = ''): string {
  const parts = [
    ...(includePatient ? [naming.patientId ?? '', personName(naming.patientName ?? '')] : []),
    naming.modality,
    dicomDate(naming.date),
    naming.seriesNumber === null ? '' : `S${naming.seriesNumber}`,
    naming.description,
    suffix,
  ];
  const stem = parts
    .map(fileNamePart)
    .filter((part) => part.length > 0)
    .join('_')
    .slice(0, MAX_STEM)
    .replace(/[._-]+$/, '');
  return `${stem || 'volume'}${extension}`;
}

/** One part of a file name: runs of anything but letters, digits, '.', '-' as one '_', no leading dots. */
export function fileNamePart(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}.-]+/gu, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._-]+|[._-]+$/g, '');
}

/** A DA value as it is (YYYYMMDD) when it is one, else nothing: a malformed date names nothing. */
function dicomDate(value: string): string {
  const date = value.trim();
  return /^\d{8}$/.test(date) ? date : '';
}

/** PN components (family^given^middle^prefix^suffix) as words; the ideographic groups after '=' dropped. */
function personName(value: string): string {
  return value.split('=')[0]!.split('^').filter(Boolean).join(' ');
}
