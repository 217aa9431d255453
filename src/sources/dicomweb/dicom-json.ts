/**
 * DICOM JSON (PS3.18 annex F): what QIDO-RS and WADO-RS metadata answer. Keys are 'GGGGEEEE' in upper
 * case hex; strings are already Unicode (the server decoded them by the Specific Character Set);
 * numbers (DS, IS, US…) are JSON numbers; a person name is an object of up to three component groups.
 */
export interface DicomJsonAttribute {
  vr: string;
  Value?: unknown[];
  BulkDataURI?: string;
  InlineBinary?: string;
}

export type DicomJson = Record<string, DicomJsonAttribute>;

export interface PersonNameJson {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

/** The attribute of a tag ('0020000D', case-insensitive), or undefined. */
export function attributeOf(json: DicomJson, tag: string): DicomJsonAttribute | undefined {
  return json[tag.toUpperCase()] ?? json[tag.toLowerCase()];
}

/**
 * A value as the text a Part 10 file would hold: multiple values joined by '\', a person name's
 * groups by '=' (empty trailing groups dropped), numbers as JSON wrote them. '' when absent.
 */
export function textOf(json: DicomJson, tag: string): string {
  const values = attributeOf(json, tag)?.Value;
  if (!Array.isArray(values)) return '';
  return values.map(valueText).join('\\');
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') {
    const name = value as PersonNameJson;
    const groups = [name.Alphabetic, name.Ideographic, name.Phonetic].map((group) => (typeof group === 'string' ? group : ''));
    while (groups.length > 0 && groups[groups.length - 1] === '') groups.pop();
    return groups.join('=');
  }
  return '';
}

/** Numeric values: JSON numbers, or number strings (some servers send DS and IS as strings); null when any is not one. */
export function numbersOf(json: DicomJson, tag: string): number[] | null {
  const values = attributeOf(json, tag)?.Value;
  if (!Array.isArray(values) || values.length === 0) return null;
  const numbers = values.map((value) =>
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : NaN,
  );
  return numbers.every(Number.isFinite) ? numbers : null;
}

/** The first UID / code / string value, trimmed; '' when absent. */
export function firstText(json: DicomJson, tag: string): string {
  const values = attributeOf(json, tag)?.Value;
  const first = Array.isArray(values) ? values[0] : undefined;
  return first === undefined ? '' : valueText(first).trim();
}
