/**
 * In-memory edits of explicit VR little endian Part 10 files that test/helpers/edit-dicom.ts does not
 * offer: removing elements, replacing pixel data, cutting a file, and re-encoding a flat data set in
 * explicit VR big endian. Only ever applied to copies read into memory.
 */
import dicomParser from 'dicom-parser';
import { metaWithTransferSyntax } from '../helpers/edit-dicom';

const PIXEL_DATA = 'x7fe00010';
/** VRs whose explicit-VR header is 12 bytes (2 reserved bytes and a 32-bit length). */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
export const BIG_ENDIAN = '1.2.840.10008.1.2.2';

const headerLength = (element: dicomParser.Element) => (LONG_VRS.has(element.vr ?? '') ? 12 : 8);
const startOf = (element: dicomParser.Element) => element.dataOffset - headerLength(element);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A copy without the given top-level elements (tags as 8 hex digits, e.g. '00281053'). */
export function withoutElements(file: Uint8Array, tags: string[]): Uint8Array {
  const ds = dicomParser.parseDicom(file);
  const cuts = tags
    .map((tag) => ds.elements[`x${tag.toLowerCase()}`])
    .filter((element): element is dicomParser.Element => element !== undefined)
    .map((element) => [startOf(element), element.dataOffset + element.length] as const)
    .sort((a, b) => a[0] - b[0]);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const [start, end] of cuts) {
    parts.push(file.subarray(from, start));
    from = end;
  }
  parts.push(file.subarray(from));
  return concat(...parts);
}

/** A copy whose (last, native, OW) pixel data element holds `pixels` instead. */
export function withPixelData(file: Uint8Array, pixels: Uint8Array): Uint8Array {
  const element = dicomParser.parseDicom(file).elements[PIXEL_DATA];
  if (!element || element.dataOffset + element.length !== file.length) throw new Error('pixel data is not the last element');
  const out = concat(file.subarray(0, element.dataOffset), pixels);
  new DataView(out.buffer).setUint32(element.dataOffset - 4, pixels.length, true);
  return out;
}

/** The file up to (not including) its pixel data element: a header without an image. */
export function withoutPixelData(file: Uint8Array): Uint8Array {
  const element = dicomParser.parseDicom(file).elements[PIXEL_DATA];
  if (!element) throw new Error('no pixel data');
  return file.slice(0, startOf(element));
}

/** The 16-bit pixels of a native slice, every `factor`-th column and row kept. */
export function subsampledPixels(file: Uint8Array, factor: number): { pixels: Uint8Array; rows: number; columns: number } {
  const ds = dicomParser.parseDicom(file);
  const rows = ds.uint16('x00280010')!;
  const columns = ds.uint16('x00280011')!;
  const element = ds.elements[PIXEL_DATA]!;
  const source = new DataView(file.buffer, file.byteOffset + element.dataOffset, rows * columns * 2);
  const [outRows, outColumns] = [Math.floor(rows / factor), Math.floor(columns / factor)];
  const pixels = new Uint8Array(outRows * outColumns * 2);
  const out = new DataView(pixels.buffer);
  for (let j = 0; j < outRows; j++) {
    for (let i = 0; i < outColumns; i++) {
      out.setUint16((j * outColumns + i) * 2, source.getUint16((j * factor * columns + i * factor) * 2, true), true);
    }
  }
  return { pixels, rows: outRows, columns: outColumns };
}

/** The preamble and meta header with another transfer syntax (group length adjusted), and where the data set starts. */
export const metaWithSyntax = metaWithTransferSyntax;

/** Bytes per value to swap for binary VRs; text and byte VRs are not swapped. */
const SWAP: Record<string, number> = {
  US: 2,
  SS: 2,
  OW: 2,
  AT: 2,
  UL: 4,
  SL: 4,
  FL: 4,
  OF: 4,
  OL: 4,
  FD: 8,
  OD: 8,
  SV: 8,
  UV: 8,
};

/**
 * The same file in Explicit VR Big Endian (retired, still met in old archives): the meta header stays
 * little endian as Part 10 requires, every data set element's tag, length and binary value is swapped.
 * Only for flat data sets (no sequences, native pixel data), as the phantom writes them.
 */
export function toBigEndian(file: Uint8Array): Uint8Array {
  const { meta, dataSetStart } = metaWithSyntax(file, BIG_ENDIAN);
  const ds = dicomParser.parseDicom(file);
  const elements = Object.values(ds.elements)
    .filter((element) => !element.tag.startsWith('x0002'))
    .sort((a, b) => a.dataOffset - b.dataOffset);
  const parts: Uint8Array[] = [meta];
  for (const element of elements) {
    const vr = element.vr ?? '';
    if (vr === 'SQ' || element.items || element.length === 0xffffffff) throw new Error(`${element.tag}: only flat data sets`);
    const long = LONG_VRS.has(vr);
    const header = new Uint8Array(long ? 12 : 8);
    const view = new DataView(header.buffer);
    view.setUint16(0, parseInt(element.tag.slice(1, 5), 16), false);
    view.setUint16(2, parseInt(element.tag.slice(5), 16), false);
    header[4] = vr.charCodeAt(0);
    header[5] = vr.charCodeAt(1);
    if (long) view.setUint32(8, element.length, false);
    else view.setUint16(6, element.length, false);
    const value = file.slice(element.dataOffset, element.dataOffset + element.length);
    const size = SWAP[vr];
    if (size) for (let at = 0; at + size <= value.length; at += size) value.subarray(at, at + size).reverse();
    parts.push(header, value);
  }
  if (elements[0] && startOf(elements[0]) !== dataSetStart) throw new Error('unexpected bytes between meta and data set');
  return concat(...parts);
}

/**
 * The data set of a flat explicit VR little endian file alone, re-encoded in implicit VR little
 * endian (tag, 32-bit length, value): no preamble, "DICM" or meta header, as old archives hold it.
 */
export function rawImplicitDataSet(file: Uint8Array): Uint8Array {
  const ds = dicomParser.parseDicom(file);
  const parts: Uint8Array[] = [];
  for (const element of Object.values(ds.elements).sort((a, b) => a.dataOffset - b.dataOffset)) {
    if (element.tag.startsWith('x0002')) continue;
    if (element.vr === 'SQ' || element.items || element.length === 0xffffffff)
      throw new Error(`${element.tag}: only flat data sets`);
    const header = new Uint8Array(8);
    const view = new DataView(header.buffer);
    view.setUint16(0, parseInt(element.tag.slice(1, 5), 16), true);
    view.setUint16(2, parseInt(element.tag.slice(5), 16), true);
    view.setUint32(4, element.length, true);
    parts.push(header, file.subarray(element.dataOffset, element.dataOffset + element.length));
  }
  return concat(...parts);
}

/** The data set of a Part 10 file alone, as it is encoded (no preamble, "DICM" or meta header). */
export const rawDataSet = (file: Uint8Array): Uint8Array => file.slice(metaWithSyntax(file, '1.2.840.10008.1.2.1').dataSetStart);
