import { deflateSync } from 'fflate';
import dicomParser from 'dicom-parser';

/**
 * A copy of a Part 10 file in explicit VR little endian whose pixel data element holds only its first
 * `length` bytes (the element's length field says so, and the file ends there), as a broken export
 * or an interrupted copy leaves it.
 */
export function withShortPixelData(file: Uint8Array, length: number): Uint8Array {
  const element = dicomParser.parseDicom(file).elements['x7fe00010'];
  if (!element || element.length < length) throw new Error('the file has no pixel data that long');
  if (element.length !== file.byteLength - element.dataOffset) throw new Error('pixel data is not the last element');
  const copy = file.slice(0, element.dataOffset + length);
  new DataView(copy.buffer).setUint32(element.dataOffset - 4, length, true);
  return copy;
}

const JPEG_LOSSLESS_SV1 = '1.2.840.10008.1.2.4.70';

/**
 * A Part 10 file's preamble and meta header with another transfer syntax (its group length adjusted),
 * and the offset in `file` where its data set begins.
 */
export function metaWithTransferSyntax(file: Uint8Array, transferSyntaxUID: string): { meta: Uint8Array; dataSetStart: number } {
  const ds = dicomParser.parseDicom(file, { untilTag: 'x00020010' });
  const syntax = ds.elements['x00020010'];
  const groupLength = ds.elements['x00020000'];
  if (!syntax || !groupLength) throw new Error('not a Part 10 file with a meta group length');
  const dataSetStart = groupLength.dataOffset + 4 + ds.uint32('x00020000')!;
  const value = new TextEncoder().encode(transferSyntaxUID.length % 2 === 0 ? transferSyntaxUID : `${transferSyntaxUID}\0`);
  const grow = value.length - syntax.length;
  const meta = new Uint8Array(dataSetStart + grow);
  meta.set(file.subarray(0, syntax.dataOffset));
  meta.set(value, syntax.dataOffset);
  meta.set(file.subarray(syntax.dataOffset + syntax.length, dataSetStart), syntax.dataOffset + value.length);
  const view = new DataView(meta.buffer);
  view.setUint16(syntax.dataOffset - 2, value.length, true);
  view.setUint32(groupLength.dataOffset, view.getUint32(groupLength.dataOffset, true) + grow, true);
  return { meta, dataSetStart };
}

/**
 * A copy of an explicit VR little endian Part 10 file that claims JPEG Lossless but whose
 * encapsulated pixel data holds no fragment: its header reads well, only its pixel data is empty.
 */
export function withEmptyEncapsulatedPixelData(file: Uint8Array): Uint8Array {
  const pixel = dicomParser.parseDicom(file).elements['x7fe00010'];
  if (!pixel) throw new Error('no pixel data');
  const { meta, dataSetStart } = metaWithTransferSyntax(file, JPEG_LOSSLESS_SV1);
  const u16 = (v: number) => [v & 0xff, v >> 8];
  const u32 = (v: number) => [...u16(v & 0xffff), ...u16(v >>> 16)];
  const pixelData = [
    ...[...u16(0x7fe0), ...u16(0x0010), 0x4f, 0x42, 0, 0, ...u32(0xffffffff)], // (7FE0,0010) OB, undefined length
    ...[...u16(0xfffe), ...u16(0xe000), ...u32(0)], // the basic offset table, empty, and no fragment after it
    ...[...u16(0xfffe), ...u16(0xe0dd), ...u32(0)], // sequence delimiter
  ];
  const rest = file.subarray(dataSetStart, pixel.dataOffset - 12); // up to the pixel data element's header
  const out = new Uint8Array(meta.length + rest.length + pixelData.length);
  out.set(meta);
  out.set(rest, meta.length);
  out.set(pixelData, meta.length + rest.length);
  return out;
}

/** VRs whose explicit-VR header is 12 bytes (2 reserved bytes and a 32-bit length). */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/**
 * A copy of an explicit VR little endian Part 10 file with top-level data elements set (replaced, or
 * inserted in tag order), each given as its VR and raw value bytes (padded to even length with
 * `pad`). Tags are 8 hex digits, e.g. '00100010'.
 */
export function withElements(
  file: Uint8Array,
  elements: Record<string, { vr: string; value: Uint8Array; pad?: number }>,
): Uint8Array {
  let bytes = file;
  for (const [tag, { vr, value, pad = 0x20 }] of Object.entries(elements).sort(([a], [b]) => a.localeCompare(b))) {
    const ds = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
    const key = `x${tag.toLowerCase()}`;
    const padded = value.length % 2 === 0 ? value : Uint8Array.from([...value, pad]);
    const header = LONG_VRS.has(vr) ? 12 : 8;
    const encoded = new Uint8Array(header + padded.length);
    const view = new DataView(encoded.buffer);
    view.setUint16(0, parseInt(tag.slice(0, 4), 16), true);
    view.setUint16(2, parseInt(tag.slice(4), 16), true);
    encoded[4] = vr.charCodeAt(0);
    encoded[5] = vr.charCodeAt(1);
    if (header === 12) view.setUint32(8, padded.length, true);
    else view.setUint16(6, padded.length, true);
    encoded.set(padded, header);
    const existing = ds.elements[key];
    const startOf = (element: dicomParser.Element) => element.dataOffset - (LONG_VRS.has(element.vr ?? '') ? 12 : 8);
    let from: number;
    let to: number;
    if (existing) {
      from = startOf(existing);
      to = existing.dataOffset + existing.length;
    } else {
      const next = Object.values(ds.elements)
        .filter((element) => element.tag > key && !element.tag.startsWith('x0002'))
        .sort((a, b) => a.dataOffset - b.dataOffset)[0];
      if (!next) throw new Error(`no element after ${tag} to insert before`);
      from = to = startOf(next);
    }
    const edited = new Uint8Array(from + encoded.length + bytes.length - to);
    edited.set(bytes.subarray(0, from));
    edited.set(encoded, from);
    edited.set(bytes.subarray(to), from + encoded.length);
    bytes = edited;
  }
  return bytes;
}

/** A copy of a 16-bit native little endian file whose stored pixel values are mapped (and written as int16 or uint16). */
export function withStoredValues(file: Uint8Array, map: (stored: number) => number, signed: boolean): Uint8Array {
  const element = dicomParser.parseDicom(file).elements['x7fe00010'];
  if (!element) throw new Error('no pixel data');
  const copy = file.slice();
  const view = new DataView(copy.buffer, element.dataOffset, element.length);
  for (let at = 0; at + 1 < element.length; at += 2) {
    const value = map(view.getUint16(at, true));
    if (signed) view.setInt16(at, value, true);
    else view.setUint16(at, value, true);
  }
  return copy;
}

const DEFLATED = '1.2.840.10008.1.2.1.99';

/**
 * A copy of an explicit VR little endian Part 10 file in Deflated Explicit VR Little Endian: the same
 * meta header with that transfer syntax, the data set after it one raw DEFLATE stream.
 */
export function withDeflatedDataSet(file: Uint8Array): Uint8Array {
  const { meta, dataSetStart } = metaWithTransferSyntax(file, DEFLATED);
  const deflated = deflateSync(file.subarray(dataSetStart), { level: 6 });
  const out = new Uint8Array(meta.length + deflated.length);
  out.set(meta);
  out.set(deflated, meta.length);
  return out;
}
