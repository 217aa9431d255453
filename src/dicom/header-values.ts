import type { TextDecode } from './character-set';

/**
 * An element's value as the header inspector shows it: text decoded by the data set's Specific
 * Character Set, numbers read by their VR, binary as hex (never as markup: these are plain strings).
 * A long value is shortened to `SHORT_VALUE_CHARS`, the whole of it kept beside.
 */
export interface ElementValue {
  /** The value as shown in a row: at most SHORT_VALUE_CHARS, ending in '…' when shortened. */
  value: string;
  /** The whole value, only when `value` is shortened (binary beyond FULL_VALUE_BYTES says how much is left). */
  fullValue?: string;
  /** Each value of a string or number element (multi-values split on '\'), at most MAX_VALUES. */
  values?: Array<string | number>;
}

export const SHORT_VALUE_CHARS = 200;
/** Binary shown in full up to this many bytes: a megabyte of hex is no reading for anyone. */
export const FULL_VALUE_BYTES = 64 * 1024;
export const MAX_VALUES = 1024;

/** VRs whose text Specific Character Set (0008,0005) applies to (PS3.5 6.1.2.3); the others are ASCII. */
const CHARSET_VRS = new Set(['SH', 'LO', 'UC', 'ST', 'LT', 'UT', 'PN']);
const STRING_VRS = new Set([
  'AE',
  'AS',
  'CS',
  'DA',
  'DS',
  'DT',
  'IS',
  'LO',
  'LT',
  'PN',
  'SH',
  'ST',
  'TM',
  'UC',
  'UI',
  'UR',
  'UT',
]);
/** String VRs of one value: a backslash in them is text, not a delimiter. */
const SINGLE_STRING_VRS = new Set(['LT', 'ST', 'UT', 'UR']);
/** Free text keeps its leading spaces; codes, names and numbers do not (PS3.5 6.2). */
const LEADING_SPACE_VRS = new Set(['LT', 'ST', 'UT']);

type NumberReader = (view: DataView, at: number, little: boolean) => number | bigint;
const NUMBER_VRS: Record<string, [number, NumberReader]> = {
  US: [2, (v, at, le) => v.getUint16(at, le)],
  SS: [2, (v, at, le) => v.getInt16(at, le)],
  UL: [4, (v, at, le) => v.getUint32(at, le)],
  SL: [4, (v, at, le) => v.getInt32(at, le)],
  OL: [4, (v, at, le) => v.getUint32(at, le)],
  FL: [4, (v, at, le) => v.getFloat32(at, le)],
  OF: [4, (v, at, le) => v.getFloat32(at, le)],
  FD: [8, (v, at, le) => v.getFloat64(at, le)],
  OD: [8, (v, at, le) => v.getFloat64(at, le)],
  UV: [8, (v, at, le) => v.getBigUint64(at, le)],
  OV: [8, (v, at, le) => v.getBigUint64(at, le)],
  SV: [8, (v, at, le) => v.getBigInt64(at, le)],
};

const ascii = new TextDecoder('windows-1252');

export function elementValue(bytes: Uint8Array, vr: string, decode: TextDecode, littleEndian: boolean): ElementValue {
  if (STRING_VRS.has(vr)) return stringValue(bytes, vr, decode);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const number = NUMBER_VRS[vr];
  if (number) return numberValue(view, number, vr === 'FL' || vr === 'OF', littleEndian);
  if (vr === 'AT') return attributeTagValue(view, littleEndian);
  return hexValue(bytes, vr === 'OW' ? 2 : 1, littleEndian);
}

function stringValue(bytes: Uint8Array, vr: string, decode: TextDecode): ElementValue {
  const text = (CHARSET_VRS.has(vr) ? decode(bytes) : ascii.decode(bytes)).replace(/[\s\0]+$/, '');
  // Split after decoding: a multi-byte character may hold a 0x5C byte that is no delimiter.
  const parts = SINGLE_STRING_VRS.has(vr) ? [text] : text.split('\\');
  const values = parts.map((part) => (LEADING_SPACE_VRS.has(vr) ? part : part.trim().replace(/\0+$/, '')));
  return shortened(values.join('\\'), values.slice(0, MAX_VALUES));
}

function numberValue(view: DataView, [size, read]: [number, NumberReader], float32: boolean, little: boolean): ElementValue {
  const count = Math.floor(view.byteLength / size);
  const shown = Math.min(count, FULL_VALUE_BYTES / size);
  const values: Array<string | number> = [];
  const texts: string[] = [];
  for (let k = 0; k < shown; k++) {
    const raw = read(view, k * size, little);
    const value = typeof raw === 'bigint' ? raw.toString() : float32 ? shortestFloat32(raw) : raw;
    if (k < MAX_VALUES) values.push(value);
    texts.push(String(value));
  }
  const rest = count > shown ? `\\… (${count} values in all)` : '';
  return shortened(texts.join('\\') + rest, values);
}

/** The shortest decimal that reads back as the same float32 (0.625, not 0.625000000; 0.1, not 0.10000000149). */
function shortestFloat32(value: number): number {
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return Number(value.toPrecision(9));
}

function attributeTagValue(view: DataView, little: boolean): ElementValue {
  const tags: string[] = [];
  for (let at = 0; at + 3 < view.byteLength; at += 4) {
    const hex = (n: number) => n.toString(16).padStart(4, '0').toUpperCase();
    tags.push(`(${hex(view.getUint16(at, little))},${hex(view.getUint16(at + 2, little))})`);
  }
  return shortened(tags.join('\\'), tags.slice(0, MAX_VALUES));
}

/** Bytes (OB, UN) or 16-bit words (OW) in hex, as dcmdump writes them: "00\01\ff". */
function hexValue(bytes: Uint8Array, width: 1 | 2, little: boolean): ElementValue {
  const shown = Math.min(bytes.length, FULL_VALUE_BYTES) - (Math.min(bytes.length, FULL_VALUE_BYTES) % width);
  const parts: string[] = [];
  for (let at = 0; at < shown; at += width) {
    const word = width === 1 ? bytes[at]! : little ? bytes[at]! | (bytes[at + 1]! << 8) : (bytes[at]! << 8) | bytes[at + 1]!;
    parts.push(word.toString(16).padStart(width * 2, '0'));
  }
  const rest = bytes.length > shown ? `\\… (${bytes.length} bytes in all, the first ${shown} shown)` : '';
  return shortened(parts.join('\\') + rest);
}

function shortened(text: string, values?: Array<string | number>): ElementValue {
  const base = values ? { values } : {};
  if (text.length <= SHORT_VALUE_CHARS) return { value: text, ...base };
  // Never half a surrogate pair at the cut.
  const end = /[\uD800-\uDBFF]/.test(text[SHORT_VALUE_CHARS - 1]!) ? SHORT_VALUE_CHARS - 1 : SHORT_VALUE_CHARS;
  return { value: `${text.slice(0, end)}…`, fullValue: text, ...base };
}
