import type { HeaderElements } from './header-elements';
import { describeLossyCompression } from './lossy-compression';
import type { SliceHeader, Vec3 } from './types';

/**
 * The header of an image from its top-level elements, before any check: what parse-header reads from
 * a file, and what a source that gets headers as metadata (DICOMweb) builds its slices from. For a
 * multi-frame image the per-frame values come after (frame-headers.ts). `transferSyntaxUID`: the
 * file meta's, or what the bytes showed for a raw data set, or what a server says it sends.
 */
export function sliceHeaderFromElements(file: string, el: HeaderElements, transferSyntaxUID: string): SliceHeader {
  const text = (tag: string): string => (el.text(tag) ?? '').trim();
  return {
    file,
    patientName: el.words('00100010').replace(/\^+/g, ' ').trim(),
    patientId: el.words('00100020'),
    studyInstanceUID: text('0020000d'),
    studyDescription: el.words('00081030'),
    studyDate: text('00080020'),
    seriesInstanceUID: text('0020000e'),
    seriesNumber: integerOrNull(el, '00200011'),
    seriesDescription: el.words('0008103e'),
    modality: text('00080060'),
    sopClassUID: text('00080016') || text('00020002'),
    sopInstanceUID: text('00080018'),
    instanceNumber: integerOrNull(el, '00200013'),
    imageType: text('00080008')
      .split('\\')
      .map((part) => part.trim().toUpperCase())
      .filter(Boolean),
    transferSyntaxUID,
    rows: el.short('00280010') ?? 0,
    columns: el.short('00280011') ?? 0,
    samplesPerPixel: el.short('00280002') ?? 1,
    photometricInterpretation: text('00280004').toUpperCase(),
    bitsAllocated: el.short('00280100') ?? 16,
    bitsStored: el.short('00280101') ?? 16,
    pixelRepresentation: el.short('00280103') ?? 0,
    numberOfFrames: integerOrNull(el, '00280008') ?? 1,
    imagePositionPatient: numbers(el, '00200032', 3) as Vec3 | null,
    imageOrientationPatient: numbers(el, '00200037', 6) as SliceHeader['imageOrientationPatient'],
    pixelSpacing: numbers(el, '00280030', 2) as [number, number] | null,
    sliceThickness: firstNumber(el, '00180050'),
    gantryTilt: firstNumber(el, '00181120'),
    rescaleSlope: numberOr(el, '00281053', 1),
    rescaleIntercept: numberOr(el, '00281052', 0),
    windowCenter: firstNumber(el, '00281050'),
    windowWidth: firstNumber(el, '00281051'),
    // (0028,0120) is US or SS depending on pixel representation; read with the matching sign.
    pixelPaddingValue: el.short('00280120', (el.short('00280103') ?? 0) === 1) ?? null,
    hasPixelData: el.has('7fe00010'),
    lossyCompression: describeLossyCompression({
      transferSyntaxUID,
      lossyImageCompression: text('00282110'),
      ratios: numbers(el, '00282112', 1, true) ?? [],
      methods: text('00282114').split('\\').filter(Boolean),
    }),
  };
}

/** Decimal and integer strings may be multi-valued ("40\\80"); the first value is the default. */
export function firstNumber(el: HeaderElements, tag: string): number | null {
  const values = numbers(el, tag, 1, true);
  return values ? (values[0] ?? null) : null;
}

/**
 * The first number of a tag, `absent` when the tag is missing or empty, NaN when it holds something else:
 * for values with a default (the rescale), where a malformed one must not pass for the default.
 */
export function numberOr(el: HeaderElements, tag: string, absent: number): number {
  const raw = el.text(tag);
  if (raw === undefined || raw.trim() === '') return absent;
  return firstNumber(el, tag) ?? Number.NaN;
}

export function integerOrNull(el: HeaderElements, tag: string): number | null {
  const value = firstNumber(el, tag);
  return value !== null && Number.isInteger(value) ? value : null;
}

/** `count` numbers (at least `count` when `atLeast`), or null when absent, malformed or of another count. */
export function numbers(el: HeaderElements, tag: string, count: number, atLeast = false): number[] | null {
  const raw = el.text(tag);
  if (raw === undefined) return null;
  // An empty value (or an empty part of one) is no number: Number('') would read it as 0, and an empty
  // RescaleSlope would become slope 0 instead of the default 1.
  const values = raw.split('\\').map((part) => (part.trim() === '' ? Number.NaN : Number(part.trim())));
  if (values.some((v) => !Number.isFinite(v))) return null;
  if (atLeast ? values.length < count : values.length !== count) return null;
  return values;
}
