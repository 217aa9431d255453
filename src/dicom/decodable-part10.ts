import { NATIVE_SYNTAXES } from './pixel-data-check';
import { EXPLICIT_VR_LITTLE_ENDIAN } from './raw-dataset';
import type { SliceHeader } from './types';
import { CT_IMAGE_STORAGE, writeFileMeta, writePart10 } from './write-part10';

/**
 * What the reader decodes for a slice that is not a plain Part 10 file: one frame of a multi-frame
 * file, or a raw data set. The reader (GDCM in itk-wasm) refuses raw data sets and reads a
 * multi-frame file as one image with its own idea of geometry, so each such slice is handed to it as
 * the single-frame Part 10 file below, decoded like any other slice; `header` describes that file
 * (for the stored-value check) and otherwise is the slice's own.
 */
export interface DecodablePart10 {
  bytes: Uint8Array;
  header: SliceHeader;
}

const WRITER = 'CTVIEWER_FRAME';
const BIG_ENDIAN = '1.2.840.10008.1.2.2';
const ITEM = 0xe000fffe;
const SEQUENCE_DELIMITER = 0xe0ddfffe;

/** A raw data set behind a preamble and file meta naming the transfer syntax its first bytes showed. */
export function rawDataSetAsPart10(header: SliceHeader, dataSet: Uint8Array): DecodablePart10 {
  const meta = writeFileMeta(ids(header), WRITER, header.transferSyntaxUID);
  const bytes = new Uint8Array(meta.length + dataSet.length);
  bytes.set(meta);
  bytes.set(dataSet, meta.length);
  return { bytes, header };
}

/**
 * One frame as a single-frame image: the attributes a decoder needs (size, sample layout, pixel
 * representation, photometric interpretation) and the frame's pixels, native ones as explicit VR
 * little endian, encapsulated ones as the frame's fragments in the file's own transfer syntax, and the
 * frame's own rescale, which the reader applies as it does for a single-frame slice (a compressed
 * slice's values cannot be checked against stored ones, so it must get what such a slice gets).
 * Throws, in words, when the bytes are not the frame its header locates.
 */
export function frameAsPart10(header: SliceHeader, frameBytes: Uint8Array): DecodablePart10 {
  const native = NATIVE_SYNTAXES.has(header.transferSyntaxUID);
  const syntax = native ? EXPLICIT_VR_LITTLE_ENDIAN : header.transferSyntaxUID;
  const dataSet = writePart10(
    {
      ...ids(header),
      Modality: header.modality || 'CT',
      SamplesPerPixel: header.samplesPerPixel,
      PhotometricInterpretation: header.photometricInterpretation || 'MONOCHROME2',
      ...(header.samplesPerPixel > 1 ? { PlanarConfiguration: 0 } : {}),
      Rows: header.rows,
      Columns: header.columns,
      BitsAllocated: header.bitsAllocated,
      BitsStored: header.bitsStored,
      HighBit: header.bitsStored - 1,
      PixelRepresentation: header.pixelRepresentation,
      RescaleIntercept: decimalString(header.rescaleIntercept),
      RescaleSlope: decimalString(header.rescaleSlope),
    },
    WRITER,
    syntax,
  );
  const pixelData = native ? nativePixelData(header, frameBytes) : encapsulatedPixelData(frameBytes);
  const bytes = new Uint8Array(dataSet.length + pixelData.length);
  bytes.set(dataSet);
  bytes.set(pixelData, dataSet.length);
  return { bytes, header: { ...header, transferSyntaxUID: syntax, numberOfFrames: 1 } };
}

/** A DS value (at most 16 characters) that reads back as `x`; the nearest that fits when none does. */
function decimalString(x: number): string {
  const plain = String(x);
  if (plain.length <= 16) return plain;
  for (let digits = 15; digits > 0; digits--) {
    const text = x.toExponential(digits).replace('e+', 'E').replace('e', 'E');
    if (text.length <= 16) return text;
  }
  return x.toExponential(0);
}

function ids(header: SliceHeader) {
  return {
    SOPClassUID: header.frame ? CT_IMAGE_STORAGE : header.sopClassUID || CT_IMAGE_STORAGE,
    SOPInstanceUID: header.sopInstanceUID,
  };
}

/** (7FE0,0010) with the frame's pixels, little endian, padded to an even length. */
function nativePixelData(header: SliceHeader, frame: Uint8Array): Uint8Array {
  const frameLength = header.frame ? header.frame.end - header.frame.start : frame.length;
  if (frame.length !== frameLength) throw new Error(`frame holds ${frame.length} bytes of the ${frameLength} it needs`);
  const length = frame.length + (frame.length % 2);
  const element = new Uint8Array(12 + length);
  const view = new DataView(element.buffer);
  writeTag(view, 0, 0x7fe0, 0x0010);
  element.set(header.bitsAllocated > 8 ? [0x4f, 0x57] : [0x4f, 0x42], 4); // OW, or OB for bytes
  view.setUint32(8, length, true);
  element.set(frame, 12);
  if (header.transferSyntaxUID === BIG_ENDIAN && header.bitsAllocated > 8) {
    const width = header.bitsAllocated / 8;
    for (let at = 12; at + width <= 12 + frame.length; at += width) element.subarray(at, at + width).reverse();
  }
  return element;
}

/** (7FE0,0010) with an empty offset table, the frame's fragment items as the file holds them, and a delimiter. */
function encapsulatedPixelData(items: Uint8Array): Uint8Array {
  const view = new DataView(items.buffer, items.byteOffset, items.byteLength);
  let end = 0;
  while (end + 8 <= items.length && view.getUint32(end, true) === ITEM) {
    const next = end + 8 + view.getUint32(end + 4, true);
    if (next > items.length) throw new Error('a fragment of the frame runs past the bytes read');
    end = next;
  }
  if (end === 0) throw new Error('the frame holds no fragment');
  if (end < items.length && (end + 4 > items.length || view.getUint32(end, true) !== SEQUENCE_DELIMITER)) {
    // A frame located by the offset table ends where the next one starts: anything else there is not a fragment.
    throw new Error('the bytes after the frame are neither a fragment nor the end of the pixel data');
  }
  const element = new Uint8Array(12 + 8 + end + 8);
  const out = new DataView(element.buffer);
  writeTag(out, 0, 0x7fe0, 0x0010);
  element.set([0x4f, 0x42], 4);
  out.setUint32(8, 0xffffffff, true);
  writeTag(out, 12, 0xfffe, 0xe000); // basic offset table item, empty: one frame
  element.set(items.subarray(0, end), 20);
  writeTag(out, 20 + end, 0xfffe, 0xe0dd);
  return element;
}

function writeTag(view: DataView, at: number, group: number, element: number): void {
  view.setUint16(at, group, true);
  view.setUint16(at + 2, element, true);
}
