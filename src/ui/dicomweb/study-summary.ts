/**
 * A QIDO-RS study result (DICOM JSON, PS3.18 F.2) as the study browser lists it. Every value comes
 * from a server and may be missing or of the wrong shape: anything that is not a string or a number
 * is left out, never shown as "[object Object]" or thrown on.
 */

/** One attribute of a DICOM JSON data set, as far as the browser reads it. */
type JsonAttribute = { vr?: unknown; Value?: unknown };
export type DicomJsonDataSet = Record<string, JsonAttribute | undefined>;

export interface StudySummary {
  studyInstanceUID: string;
  patientName: string;
  patientId: string;
  /** YYYY-MM-DD, or the server's text when it is not a DICOM date. */
  studyDate: string;
  modalities: string[];
  description: string;
  accession: string;
  seriesCount: number | null;
  instanceCount: number | null;
}

export const STUDY_TAGS = {
  studyInstanceUID: '0020000D',
  patientName: '00100010',
  patientId: '00100020',
  studyDate: '00080020',
  modalities: '00080061',
  description: '00081030',
  accession: '00080050',
  seriesCount: '00201206',
  instanceCount: '00201208',
} as const;

/** The values of an attribute as text (a person name by its alphabetic group, joined ^ shown as spaces). */
export function jsonValues(dataSet: DicomJsonDataSet, tag: string): string[] {
  const attribute = dataSet[tag] ?? dataSet[tag.toLowerCase()];
  const values = attribute && typeof attribute === 'object' && Array.isArray(attribute.Value) ? attribute.Value : [];
  const out: string[] = [];
  for (const value of values) {
    if (typeof value === 'string' || typeof value === 'number') out.push(String(value).trim());
    else if (value && typeof value === 'object' && typeof (value as { Alphabetic?: unknown }).Alphabetic === 'string') {
      out.push(personName((value as { Alphabetic: string }).Alphabetic));
    }
  }
  return out.filter((v) => v !== '');
}

/** "DOE^JOHN^^DR" → "DOE JOHN DR": the components, as the local series list shows a name. */
function personName(alphabetic: string): string {
  return alphabetic
    .split('^')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
}

function count(dataSet: DicomJsonDataSet, tag: string): number | null {
  const [first] = jsonValues(dataSet, tag);
  const n = first === undefined ? NaN : Number(first);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

export function formatDicomDate(value: string): string {
  return /^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}` : value;
}

/** The study as listed, or null when it has no usable StudyInstanceUID (it could not be opened). */
export function summarizeStudy(dataSet: DicomJsonDataSet): StudySummary | null {
  const [uid] = jsonValues(dataSet, STUDY_TAGS.studyInstanceUID);
  if (!uid || !/^[0-9.]{1,64}$/.test(uid)) return null;
  const first = (tag: string) => jsonValues(dataSet, tag)[0] ?? '';
  return {
    studyInstanceUID: uid,
    patientName: jsonValues(dataSet, STUDY_TAGS.patientName).join(', '),
    patientId: first(STUDY_TAGS.patientId),
    studyDate: formatDicomDate(first(STUDY_TAGS.studyDate)),
    modalities: jsonValues(dataSet, STUDY_TAGS.modalities),
    description: first(STUDY_TAGS.description),
    accession: first(STUDY_TAGS.accession),
    seriesCount: count(dataSet, STUDY_TAGS.seriesCount),
    instanceCount: count(dataSet, STUDY_TAGS.instanceCount),
  };
}
