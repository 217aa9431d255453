import dicomParser from 'dicom-parser';
import { type TextDecode, textDecoderFor } from './character-set';
import { DEFLATED_SYNTAX, inflateDataSet } from './deflate';
import { DicomError } from './dicom-error';
import {
  type VrContext,
  describeTag,
  implicitVr,
  isPrivateCreator,
  isPrivateGroup,
  resolveVr,
  tagLabel,
} from './header-dictionary';
import { type ElementValue, elementValue } from './header-values';
import { parserMessage } from './parser-message';
import { rawDataSetSyntax } from './raw-dataset';
import { transferSyntaxWords } from './transfer-syntax-names';

/** One element of a data set as the header inspector lists it; plain data, so it crosses from a worker. */
export interface HeaderElement extends ElementValue {
  /** "(0010,0010)". */
  tag: string;
  /** "PatientName"; '' for a private element or one the dictionary does not know. */
  keyword: string;
  vr: string;
  /** Bytes of the value as stored (a sequence or encapsulated pixel data of undefined length: as found). */
  length: number;
  /** Set for an element of an odd (private) group: the creator of its block, null when the file names none. */
  private?: { creator: string | null };
  /** A sequence's items, in order. */
  items?: HeaderItem[];
  /** Pixel data: shown by its length and transfer syntax only, never its values. */
  pixelData?: true;
}

export interface HeaderItem {
  /** 0-based position among the sequence's items (kept when a filter leaves some out). */
  index: number;
  elements: HeaderElement[];
}

/** A file's whole header: its file meta group and its data set, each element with its value. */
export interface HeaderTree {
  file: string;
  meta: HeaderElement[];
  dataSet: HeaderElement[];
  transferSyntax: string;
  /** (0008,0005) as stored; '' when absent (the default repertoire). */
  characterSet: string;
  /** A malformed file: what went wrong, after the elements read before it. */
  problem?: string;
}

const BIG_ENDIAN = '1.2.840.10008.1.2.2';
const PIXEL_DATA_TAGS = new Set(['7fe00008', '7fe00009', '7fe00010']);

/**
 * Reads every element of a DICOM file (a Part 10 file, a deflated one, or a raw data set), pixel data
 * by its length only. A file that breaks off or is malformed part way gives the elements read before
 * and the problem in words; one that cannot be read at all fails with a DicomError naming it.
 */
export function readHeaderTree(file: string, bytes: Uint8Array): HeaderTree {
  if (bytes.length === 0) throw new DicomError('empty file (0 bytes)', file);
  const part10 = bytes.length >= 132 && String.fromCharCode(...bytes.subarray(128, 132)) === 'DICM';
  const rawSyntax = part10 ? null : rawDataSetSyntax(bytes, bytes.length);
  if (!part10 && !rawSyntax)
    throw new DicomError('not a DICOM file (no "DICM" marker at byte 128, nor a data set without one)', file);
  let ds: dicomParser.DataSet;
  let problem: string | undefined;
  try {
    const options = { inflater: inflateDataSet, vrCallback: implicitVr, ...(rawSyntax ? { TransferSyntaxUID: rawSyntax } : {}) };
    ds = dicomParser.parseDicom(bytes, options);
  } catch (error) {
    const partial =
      error && typeof error === 'object' && 'dataSet' in error ? (error as { dataSet?: dicomParser.DataSet }).dataSet : undefined;
    if (!partial) throw new DicomError(`malformed DICOM header (${parserMessage(error)})`, file);
    const count = Object.keys(partial.elements).length;
    ds = withMeta(partial, bytes, part10);
    const words = parserMessage((error as { exception?: unknown }).exception).replace(/^dicomParser[.:]\w*:\s*/, '');
    const why = words === 'buffer overrun' ? 'an element runs past the end of the file' : words;
    problem = `malformed or truncated: reading stopped after ${count} elements (${why})`;
  }
  const transferSyntax = rawSyntax ?? asciiValue(ds, 'x00020010');
  const characterSet = asciiValue(ds, 'x00080005');
  const context: TreeContext = {
    transferSyntax,
    littleEndian: transferSyntax !== BIG_ENDIAN,
    vr: { pixelRepresentation: numberOf(ds, 'x00280103'), bitsAllocated: numberOf(ds, 'x00280100') },
  };
  const all = elementsOf(ds, textDecoderFor(characterSet), context, part10 ? dataSetStart(ds) : 0);
  return {
    file,
    meta: all.filter((element) => element.tag.startsWith('(0002,')),
    dataSet: all.filter((element) => !element.tag.startsWith('(0002,')),
    transferSyntax,
    characterSet,
    ...(problem ? { problem } : {}),
  };
}

interface TreeContext {
  transferSyntax: string;
  littleEndian: boolean;
  vr: VrContext;
}

/**
 * The elements of a data set in file order, from byte `from` on: dicom-parser reads an inflated data set
 * from the start of the file, preamble included, and names what it finds there; the file meta group it
 * reads from the file itself, and gives a raw data set's transfer syntax as an element of no bytes.
 */
function elementsOf(ds: dicomParser.DataSet, decode: TextDecode, context: TreeContext, from = 0): HeaderElement[] {
  const stored = Object.values(ds.elements).filter(
    // Items and delimiters (FFFE) are the structure of a sequence, not its elements.
    (element) =>
      typeof element.dataOffset === 'number' &&
      !element.tag.startsWith('xfffe') &&
      (element.dataOffset >= from || element.tag.startsWith('x0002')),
  );
  return stored.map((element) => {
    const tag = element.tag.slice(1).toLowerCase();
    const meta = tag.startsWith('0002');
    const described = describeTag(tag);
    const vr = element.items && !element.vr ? 'SQ' : resolveVr(element.vr, described.vr, context.vr);
    const base = { tag: tagLabel(tag), keyword: described.keyword, vr, length: element.length };
    const privacy = isPrivateGroup(tag) ? { private: { creator: privateCreator(ds, tag) } } : {};
    if (element.items) {
      const items = element.items.map((item, index) => ({
        index,
        elements: item.dataSet ? itemElements(item.dataSet, decode, context) : [],
      }));
      const count = `${items.length} item${items.length === 1 ? '' : 's'}`;
      return { ...base, ...privacy, value: count, items };
    }
    if (PIXEL_DATA_TAGS.has(tag))
      return { ...base, value: pixelDataWords(element, context.transferSyntax), pixelData: true as const };
    const bytes = ds.byteArray.subarray(element.dataOffset, element.dataOffset + element.length);
    // The file meta group is explicit VR little endian whatever the data set's transfer syntax.
    return { ...base, ...privacy, ...elementValue(bytes, vr, decode, meta || context.littleEndian) };
  });
}

/** A sequence item's text is decoded by its own (0008,0005) when it has one, else by its data set's. */
function itemElements(ds: dicomParser.DataSet, decode: TextDecode, context: TreeContext): HeaderElement[] {
  const own = ds.elements['x00080005'] ? textDecoderFor(asciiValue(ds, 'x00080005')) : decode;
  return elementsOf(ds, own, context);
}

/** The value of (gggg,00bb) for an element (gggg,bbxx) of a private block; a creator element names itself. */
function privateCreator(ds: dicomParser.DataSet, tag: string): string | null {
  if (isPrivateCreator(tag)) return asciiValue(ds, `x${tag}`) || null;
  const block = parseInt(tag.slice(4, 8), 16) >> 8;
  if (block < 0x10) return null;
  return asciiValue(ds, `x${tag.slice(0, 4)}00${block.toString(16).padStart(2, '0')}`) || null;
}

function pixelDataWords(element: dicomParser.Element, transferSyntax: string): string {
  const syntax = transferSyntaxWords(transferSyntax);
  if (element.encapsulatedPixelData) {
    const fragments = element.fragments ?? [];
    const bytes = fragments.reduce((sum, fragment) => sum + fragment.length, 0);
    return `encapsulated: ${fragments.length} fragment${fragments.length === 1 ? '' : 's'}, ${bytes} bytes; ${syntax}`;
  }
  const inflated = transferSyntax === DEFLATED_SYNTAX ? ' (inflated)' : '';
  return `${element.length} bytes${inflated}; ${syntax}`;
}

/** A data set dicom-parser gave up on lacks the file meta group it read first: read again, it goes first. */
function withMeta(partial: dicomParser.DataSet, bytes: Uint8Array, part10: boolean): dicomParser.DataSet {
  if (!part10) return partial;
  try {
    const meta = dicomParser.readPart10Header(bytes);
    partial.elements = { ...meta.elements, ...partial.elements };
  } catch {
    // No meta group to show: the data set's elements are shown alone.
  }
  return partial;
}

/** Where a Part 10 file's data set begins: after its file meta group, whose length its first element says. */
function dataSetStart(ds: dicomParser.DataSet): number {
  const groupLength = ds.elements['x00020000'];
  if (!groupLength || groupLength.length !== 4) return 132;
  const view = new DataView(ds.byteArray.buffer, ds.byteArray.byteOffset + groupLength.dataOffset, 4);
  return groupLength.dataOffset + 4 + view.getUint32(0, true);
}

const latin1 = new TextDecoder('windows-1252');

function asciiValue(ds: dicomParser.DataSet, parserTag: string): string {
  const element = ds.elements[parserTag];
  if (!element) return '';
  const bytes = ds.byteArray.subarray(element.dataOffset, element.dataOffset + element.length);
  return latin1
    .decode(bytes)
    .replace(/[\s\0]+$/, '')
    .trim();
}

function numberOf(ds: dicomParser.DataSet, parserTag: string): number | undefined {
  const element = ds.elements[parserTag];
  return element && element.length >= 2 ? ds.uint16(parserTag) : undefined;
}
