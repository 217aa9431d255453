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
 * A copy of an explicit VR little endian Part 10 file that claims JPEG Lossless but whose
 * encapsulated pixel data holds no fragment: its header reads well, only its pixel data is empty.
 */
export function withEmptyEncapsulatedPixelData(file: Uint8Array): Uint8Array {
  const ds = dicomParser.parseDicom(file);
  const syntax = ds.elements['x00020010'];
  const groupLength = ds.elements['x00020000'];
  const pixel = ds.elements['x7fe00010'];
  if (!syntax || !groupLength || !pixel) throw new Error('not a Part 10 image with a meta group length');
  const value = new TextEncoder().encode(JPEG_LOSSLESS_SV1);
  const grow = value.length - syntax.length;
  const headEnd = pixel.dataOffset - 12; // tag, VR, reserved and length of the pixel data element
  const out = new Uint8Array(headEnd + grow + 12 + 16);
  out.set(file.subarray(0, syntax.dataOffset));
  out.set(value, syntax.dataOffset);
  out.set(file.subarray(syntax.dataOffset + syntax.length, headEnd), syntax.dataOffset + value.length);
  const view = new DataView(out.buffer);
  view.setUint16(syntax.dataOffset - 2, value.length, true);
  view.setUint32(groupLength.dataOffset, view.getUint32(groupLength.dataOffset, true) + grow, true);
  let at = headEnd + grow;
  const put16 = (v: number) => (view.setUint16(at, v, true), (at += 2));
  const put32 = (v: number) => (view.setUint32(at, v, true), (at += 4));
  put16(0x7fe0), put16(0x0010), out.set([0x4f, 0x42], at), (at += 2), put16(0), put32(0xffffffff);
  put16(0xfffe), put16(0xe000), put32(0); // the basic offset table, empty, and no fragment after it
  put16(0xfffe), put16(0xe0dd), put32(0);
  return out;
}
