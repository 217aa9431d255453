import { type DicomJson, attributeOf, firstText, textOf } from '../sources/dicomweb/dicom-json';
import type { HeaderElements } from './header-elements';
import { sliceHeaderProblem } from './slice-geometry-check';
import { sliceHeaderFromElements } from './slice-header';
import type { SkippedFile, SliceHeader } from './types';

const IMAGE_STORAGE_PREFIX = '1.2.840.10008.5.1.4.1.1.';

export type JsonHeaderResult = { ok: true; header: SliceHeader } | { ok: false; skipped: SkippedFile };

/**
 * The elements of one instance's DICOM JSON metadata, read the way a Part 10 file's are: text as the
 * file would hold it (values joined by "\\", person name groups by "="), so that the header built from
 * either is the same. Its strings are already Unicode: no character set is applied.
 */
export function dicomJsonElements(json: DicomJson): HeaderElements {
  return {
    has: (tag) => attributeOf(json, tag) !== undefined,
    text: (tag) => (attributeOf(json, tag) ? textOf(json, tag) : undefined),
    words: (tag) =>
      textOf(json, tag)
        .replace(/[\s\0]+$/, '')
        .trim(),
    short(tag, signed = false) {
      const value = attributeOf(json, tag)?.Value?.[0];
      if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
      // A server reads US / SS by the VR it was given; the file's pixel representation decides the sign.
      if (signed) return value > 0x7fff ? value - 0x10000 : value;
      return value < 0 ? value + 0x10000 : value;
    },
    items(tag) {
      const values = attributeOf(json, tag)?.Value ?? [];
      return values.filter((item): item is DicomJson => typeof item === 'object' && item !== null).map(dicomJsonElements);
    },
  };
}

/**
 * The transfer syntax a server says an instance is stored in: (0002,0010) when it includes the file
 * meta, else (0008,3002) Available Transfer Syntax UID; '' when it says neither (Orthanc), and the
 * retrieved file's own meta header tells (see dicomweb-study.ts).
 */
export function statedTransferSyntax(json: DicomJson): string {
  return firstText(json, '00020010') || firstText(json, '00083002');
}

/**
 * One instance's slice header from its WADO-RS metadata, through the same construction and checks as
 * a file's header (parse-header.ts), or the instance skipped with a reason. What metadata cannot show
 * (the pixel data's length, its fragments) is checked when the instance is read (read-chunk.ts).
 */
export function headerFromDicomJson(file: string, json: DicomJson): JsonHeaderResult {
  const skip = (reason: string, seriesInstanceUID?: string): JsonHeaderResult => ({
    ok: false,
    skipped: { file, reason, ...(seriesInstanceUID ? { seriesInstanceUID } : {}) },
  });
  const el = dicomJsonElements(json);
  const sopClassUID = (el.text('00080016') ?? el.text('00020002') ?? '').trim();
  if (!el.has('7fe00010')) {
    if (sopClassUID === '1.2.840.10008.1.3.10') return skip('DICOMDIR (a media directory index), not an image');
    if ((el.short('00280010') ?? 0) > 0 || sopClassUID.startsWith(IMAGE_STORAGE_PREFIX))
      return skip('truncated or malformed: an image header without pixel data');
    return skip(`no pixel data (SOP class ${sopClassUID || 'unknown'})`);
  }
  const header = sliceHeaderFromElements(file, el, statedTransferSyntax(json));
  if (header.rows === 0 || header.columns === 0) return skip('image has no rows or columns');
  if (header.numberOfFrames > 1) {
    // Its frames' places in the file are known only once the file is read: not yet done for a server.
    return skip(
      `multi-frame image (${header.numberOfFrames} frames): not read from a DICOMweb server yet; open its files from disk`,
      header.seriesInstanceUID,
    );
  }
  const problem = sliceHeaderProblem(header);
  if (problem) return skip(problem, header.seriesInstanceUID);
  return { ok: true, header };
}
