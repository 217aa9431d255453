import type dicomParser from 'dicom-parser';
import { textDecoderFor } from './character-set';

/**
 * What a slice header is built from, whatever holds the elements: a parsed Part 10 file here, DICOM
 * JSON metadata for a DICOMweb source. Tags are 8 lower-case hex digits ('00280010').
 */
export interface HeaderElements {
  has(tag: string): boolean;
  /** A code, UID or number string as stored (multiple values joined by "\\"); undefined when absent. */
  text(tag: string): string | undefined;
  /** A name or description, decoded by the data set's Specific Character Set and trimmed ('' when absent). */
  words(tag: string): string;
  /** A US value, or an SS one when `signed`; undefined when absent or empty. */
  short(tag: string, signed?: boolean): number | undefined;
  /** A sequence's items, in order ([] when absent or not a sequence). */
  items(tag: string): HeaderElements[];
}

/** The elements of a data set parsed by dicom-parser (sequence items decode text like their data set). */
export function dicomParserElements(
  ds: dicomParser.DataSet,
  decode = textDecoderFor(ds.string('x00080005') ?? ''),
): HeaderElements {
  const element = (tag: string) => ds.elements[`x${tag}`];
  return {
    has: (tag) => element(tag) !== undefined,
    text: (tag) => (element(tag) ? ds.string(`x${tag}`) : undefined),
    words(tag) {
      const found = element(tag);
      if (!found || found.length === 0) return '';
      return decode(ds.byteArray.subarray(found.dataOffset, found.dataOffset + found.length))
        .replace(/[\s\0]+$/, '')
        .trim();
    },
    short(tag, signed = false) {
      const found = element(tag);
      if (!found || found.length < 2) return undefined;
      return signed ? ds.int16(`x${tag}`) : ds.uint16(`x${tag}`);
    },
    items: (tag) =>
      (element(tag)?.items ?? []).flatMap((item) => (item.dataSet ? [dicomParserElements(item.dataSet, decode)] : [])),
  };
}
