import dicomParser from 'dicom-parser';
import type { SourceFile } from '../sources/source-file';
import { textDecoderFor } from './character-set';
import { DEFLATED_SYNTAX, inflateDataSet } from './deflate';
import { describeLossyCompression } from './lossy-compression';
import { parserMessage } from './parser-message';
import { pixelDataLengthProblem } from './pixel-data-check';
import { sliceGeometryProblem } from './slice-geometry-check';
import type { SkippedFile, SliceHeader, Vec3 } from './types';

const PIXEL_DATA = 'x7fe00010';
/** Most CT headers end well before 16 KiB; a bigger read is tried when they do not. */
export const FIRST_READ_BYTES = 64 * 1024;
const UNDEFINED_LENGTH = 0xffffffff;
const IMAGE_STORAGE_PREFIX = '1.2.840.10008.5.1.4.1.1.';

export type HeaderResult = { ok: true; header: SliceHeader } | { ok: false; skipped: SkippedFile };

/** Reads one file's header, never its pixel data; a file that cannot be a CT slice is skipped with a reason. */
export async function parseHeader(source: SourceFile): Promise<HeaderResult> {
  const skip = (reason: string): HeaderResult => ({ ok: false, skipped: { file: source.name, reason } });
  if (source.size === 0) return skip('empty file (0 bytes)');
  if (source.size < 132) return skip(`too short to be DICOM (${source.size} bytes)`);

  let dataSet: dicomParser.DataSet | null = null;
  let readBytes = Math.min(source.size, FIRST_READ_BYTES);
  for (;;) {
    const bytes = await source.readRange(0, readBytes);
    if (readBytes === Math.min(source.size, FIRST_READ_BYTES) && !hasPart10Magic(bytes)) {
      return skip('not a DICOM file (no "DICM" marker at byte 128)');
    }
    try {
      dataSet = dicomParser.parseDicom(bytes, { untilTag: PIXEL_DATA, inflater: inflateDataSet });
      break;
    } catch (error) {
      if (readBytes < source.size) {
        readBytes = source.size;
        continue;
      }
      return skip(`malformed or truncated DICOM header (${parserMessage(error)})`);
    }
  }
  return headerFromDataSet(source, dataSet, skip);
}

function hasPart10Magic(bytes: Uint8Array): boolean {
  return bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

function headerFromDataSet(source: SourceFile, ds: dicomParser.DataSet, skip: (reason: string) => HeaderResult): HeaderResult {
  const text = (tag: string): string => (ds.string(tag) ?? '').trim();
  // Names and descriptions are decoded by the file's Specific Character Set; codes and UIDs are ASCII.
  const decode = textDecoderFor(ds.string('x00080005') ?? '');
  const words = (tag: string): string => {
    const element = ds.elements[tag];
    if (!element || element.length === 0) return '';
    return decode(ds.byteArray.subarray(element.dataOffset, element.dataOffset + element.length))
      .replace(/[\s\0]+$/, '')
      .trim();
  };
  const sopClassUID = text('x00080016') || text('x00020002');
  const pixel = ds.elements[PIXEL_DATA];
  if (!pixel) {
    if (sopClassUID === '1.2.840.10008.1.3.10') return skip('DICOMDIR (a media directory index), not an image');
    if (rowsOf(ds) > 0 || sopClassUID.startsWith(IMAGE_STORAGE_PREFIX))
      return skip('truncated or malformed: an image header without pixel data');
    return skip(`no pixel data (SOP class ${sopClassUID || 'unknown'})`);
  }
  // A deflated data set's offsets count its inflated bytes, all of which were read.
  const extent = text('x00020010') === DEFLATED_SYNTAX ? ds.byteArray.length : source.size;
  if (pixel.length !== UNDEFINED_LENGTH && pixel.dataOffset + pixel.length > extent) {
    return skip(`truncated: pixel data needs ${pixel.dataOffset + pixel.length} bytes, the file has ${extent}`);
  }
  const rows = ds.uint16('x00280010') ?? 0;
  const columns = ds.uint16('x00280011') ?? 0;
  if (rows === 0 || columns === 0) return skip('image has no rows or columns');

  const header: SliceHeader = {
    file: source.name,
    patientName: words('x00100010').replace(/\^+/g, ' ').trim(),
    patientId: words('x00100020'),
    studyInstanceUID: text('x0020000d'),
    studyDescription: words('x00081030'),
    studyDate: text('x00080020'),
    seriesInstanceUID: text('x0020000e'),
    seriesNumber: integerOrNull(ds, 'x00200011'),
    seriesDescription: words('x0008103e'),
    modality: text('x00080060'),
    sopClassUID,
    sopInstanceUID: text('x00080018'),
    instanceNumber: integerOrNull(ds, 'x00200013'),
    imageType: text('x00080008')
      .split('\\')
      .map((part) => part.trim().toUpperCase())
      .filter(Boolean),
    transferSyntaxUID: text('x00020010'),
    rows,
    columns,
    samplesPerPixel: ds.uint16('x00280002') ?? 1,
    photometricInterpretation: text('x00280004').toUpperCase(),
    bitsAllocated: ds.uint16('x00280100') ?? 16,
    bitsStored: ds.uint16('x00280101') ?? 16,
    pixelRepresentation: ds.uint16('x00280103') ?? 0,
    numberOfFrames: integerOrNull(ds, 'x00280008') ?? 1,
    imagePositionPatient: numbers(ds, 'x00200032', 3) as Vec3 | null,
    imageOrientationPatient: numbers(ds, 'x00200037', 6) as SliceHeader['imageOrientationPatient'],
    pixelSpacing: numbers(ds, 'x00280030', 2) as [number, number] | null,
    sliceThickness: firstNumber(ds, 'x00180050'),
    gantryTilt: firstNumber(ds, 'x00181120'),
    rescaleSlope: firstNumber(ds, 'x00281053') ?? 1,
    rescaleIntercept: firstNumber(ds, 'x00281052') ?? 0,
    windowCenter: firstNumber(ds, 'x00281050'),
    windowWidth: firstNumber(ds, 'x00281051'),
    pixelPaddingValue: paddingValue(ds),
    hasPixelData: true,
    lossyCompression: describeLossyCompression({
      transferSyntaxUID: text('x00020010'),
      lossyImageCompression: text('x00282110'),
      ratios: numbers(ds, 'x00282112', 1, true) ?? [],
      methods: text('x00282114').split('\\').filter(Boolean),
    }),
  };
  // Caught here, a slice whose pixel data is short (a decoder would fill the rest from memory it never
  // wrote) or whose own geometry is broken is listed apart, and the stack is planned without it (its
  // gap reported like a missing slice).
  const problem = pixelDataLengthProblem(pixel.length, header) ?? sliceGeometryProblem(header);
  if (problem) return { ok: false, skipped: { file: source.name, reason: problem, seriesInstanceUID: header.seriesInstanceUID } };
  return { ok: true, header };
}

function rowsOf(ds: dicomParser.DataSet): number {
  return ds.elements['x00280010'] ? (ds.uint16('x00280010') ?? 0) : 0;
}

/** Decimal and integer strings may be multi-valued ("40\\80"); the first value is the default. */
function firstNumber(ds: dicomParser.DataSet, tag: string): number | null {
  const values = numbers(ds, tag, 1, true);
  return values ? (values[0] ?? null) : null;
}

function integerOrNull(ds: dicomParser.DataSet, tag: string): number | null {
  const value = firstNumber(ds, tag);
  return value !== null && Number.isInteger(value) ? value : null;
}

function numbers(ds: dicomParser.DataSet, tag: string, count: number, atLeast = false): number[] | null {
  const raw = ds.string(tag);
  if (raw === undefined) return null;
  const values = raw.split('\\').map((part) => Number(part.trim()));
  if (values.some((v) => !Number.isFinite(v))) return null;
  if (atLeast ? values.length < count : values.length !== count) return null;
  return values;
}

/** (0028,0120) is US or SS depending on pixel representation; read it with the matching sign. */
function paddingValue(ds: dicomParser.DataSet): number | null {
  const element = ds.elements['x00280120'];
  if (!element || element.length < 2) return null;
  const signed = (ds.uint16('x00280103') ?? 0) === 1;
  return signed ? (ds.int16('x00280120') ?? null) : (ds.uint16('x00280120') ?? null);
}
