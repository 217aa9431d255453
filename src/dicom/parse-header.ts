import dicomParser from 'dicom-parser';
import type { SourceFile } from '../sources/source-file';
import { DEFLATED_SYNTAX, inflateDataSet } from './deflate';
import { frameHeaders } from './frame-headers';
import { frameRanges } from './frame-location';
import { frameValues } from './functional-groups';
import { dicomParserElements } from './header-elements';
import { parserMessage } from './parser-message';
import { pixelDataLengthProblem } from './pixel-data-check';
import { rawDataSetSyntax } from './raw-dataset';
import { sliceHeaderProblem } from './slice-geometry-check';
import { sliceHeaderFromElements } from './slice-header';
import type { SkippedFile, SliceHeader } from './types';

const PIXEL_DATA = 'x7fe00010';
/** Most CT headers end well before 16 KiB; a bigger read is tried when they do not. */
export const FIRST_READ_BYTES = 64 * 1024;
/** How much more each retry reads: a multi-frame file's functional groups can take megabytes. */
const READ_GROWTH = 4;
const UNDEFINED_LENGTH = 0xffffffff;
const IMAGE_STORAGE_PREFIX = '1.2.840.10008.5.1.4.1.1.';

/**
 * A file's slices: one header, or one per frame of a multi-frame file (`header` is the first), with
 * the frames left out for their own geometry in `skipped`; or the file skipped with a reason.
 */
export type HeaderResult =
  { ok: true; header: SliceHeader; headers: SliceHeader[]; skipped: SkippedFile[] } | { ok: false; skipped: SkippedFile };

/** Reads one file's header, never its pixel data; a file that cannot be a CT slice is skipped with a reason. */
export async function parseHeader(source: SourceFile): Promise<HeaderResult> {
  const skip = (reason: string): HeaderResult => ({ ok: false, skipped: { file: source.name, reason } });
  if (source.size === 0) return skip('empty file (0 bytes)');
  if (source.size < 132) return skip(`too short to be DICOM (${source.size} bytes)`);

  let dataSet: dicomParser.DataSet | null = null;
  let rawSyntax: string | null = null;
  let readBytes = Math.min(source.size, FIRST_READ_BYTES);
  for (let first = true; ; first = false) {
    const bytes = await source.readRange(0, readBytes);
    if (first && !hasPart10Magic(bytes)) {
      rawSyntax = rawDataSetSyntax(bytes, source.size);
      if (!rawSyntax) return skip('not a DICOM file (no "DICM" marker at byte 128, nor a data set without one)');
    }
    try {
      const options = { untilTag: PIXEL_DATA, inflater: inflateDataSet, ...(rawSyntax ? { TransferSyntaxUID: rawSyntax } : {}) };
      dataSet = dicomParser.parseDicom(bytes, options);
      break;
    } catch (error) {
      if (readBytes < source.size) {
        readBytes = Math.min(source.size, readBytes * READ_GROWTH);
        continue;
      }
      return skip(`malformed or truncated DICOM header (${parserMessage(error)})`);
    }
  }
  return headersFromDataSet(source, dataSet, rawSyntax, skip);
}

function hasPart10Magic(bytes: Uint8Array): boolean {
  return bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

async function headersFromDataSet(
  source: SourceFile,
  ds: dicomParser.DataSet,
  rawSyntax: string | null,
  skip: (reason: string) => HeaderResult,
): Promise<HeaderResult> {
  const el = dicomParserElements(ds);
  const sopClassUID = (el.text('00080016') ?? '').trim() || (el.text('00020002') ?? '').trim();
  const pixel = ds.elements[PIXEL_DATA];
  if (!pixel) {
    if (sopClassUID === '1.2.840.10008.1.3.10') return skip('DICOMDIR (a media directory index), not an image');
    if ((el.short('00280010') ?? 0) > 0 || sopClassUID.startsWith(IMAGE_STORAGE_PREFIX))
      return skip('truncated or malformed: an image header without pixel data');
    return skip(`no pixel data (SOP class ${sopClassUID || 'unknown'})`);
  }
  const transferSyntaxUID = rawSyntax ?? (el.text('00020010') ?? '').trim();
  // A deflated data set's offsets count its inflated bytes, all of which were read.
  const inflated = transferSyntaxUID === DEFLATED_SYNTAX;
  const extent = inflated ? ds.byteArray.length : source.size;
  if (pixel.length !== UNDEFINED_LENGTH && pixel.dataOffset + pixel.length > extent) {
    return skip(`truncated: pixel data needs ${pixel.dataOffset + pixel.length} bytes, the file has ${extent}`);
  }
  const header = sliceHeaderFromElements(source.name, el, transferSyntaxUID);
  if (header.rows === 0 || header.columns === 0) return skip('image has no rows or columns');
  if (rawSyntax) header.rawDataSet = true;

  // Caught here, a slice whose pixel data is short (a decoder would fill the rest from memory it never
  // wrote) or whose own geometry is broken is listed apart, and the stack is planned without it (its
  // gap reported like a missing slice). A multi-frame file's length is checked for all its frames.
  const leftOut = (reason: string): HeaderResult => ({
    ok: false,
    skipped: { file: source.name, reason, seriesInstanceUID: header.seriesInstanceUID },
  });
  const count = header.numberOfFrames;
  const problem = pixelDataLengthProblem(pixel.length, header) ?? (count > 1 ? null : sliceHeaderProblem(header));
  if (problem) return leftOut(problem);
  if (count <= 1) return { ok: true, header, headers: [header], skipped: [] };

  const read = inflated
    ? async (start: number, end: number) => ds.byteArray.subarray(start, end)
    : (start: number, end: number) => source.readRange(start, end);
  const ranges = await frameRanges(read, extent, pixel.dataOffset, header, count);
  if (typeof ranges === 'string') return leftOut(ranges);
  const values = frameValues(el, header, count);
  if (typeof values === 'string') return leftOut(values);
  const frames = frameHeaders(header, values, ranges, inflated);
  const [first] = frames.headers;
  if (!first) return leftOut(`all ${count} frames left out: ${frames.skipped[0]!.reason}`);
  return { ok: true, header: first, headers: frames.headers, skipped: frames.skipped };
}
