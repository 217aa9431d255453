import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import dicomParser from 'dicom-parser';

/**
 * Multi-frame CT files made, in memory, from a folder of single-frame slices (explicit VR little
 * endian): an Enhanced CT Image (functional groups per frame, one pixel data element), or a legacy
 * multi-frame CT Image (one top-level position and a Grid Frame Offset Vector). Values are copied as
 * the slices' own strings, so a frame says exactly what its slice said.
 */

export const ENHANCED_CT = '1.2.840.10008.5.1.4.1.1.2.1';
const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';

interface Slice {
  name: string;
  ds: dicomParser.DataSet;
  pixels: Uint8Array;
}

/** The slices of `dir` whose names match, parsed. */
export function readSlices(dir: string, names: string[]): Slice[] {
  return names.map((name) => {
    const bytes = new Uint8Array(readFileSync(join(dir, name)));
    const ds = dicomParser.parseDicom(bytes);
    const pixel = ds.elements['x7fe00010']!;
    return { name, ds, pixels: bytes.subarray(pixel.dataOffset, pixel.dataOffset + pixel.length) };
  });
}

const values = (ds: dicomParser.DataSet, tag: string) => (ds.string(`x${tag}`) ?? '').split('\\');

/** Attributes every frame shares, as the first slice has them. */
function sharedAttributes(first: dicomParser.DataSet, sopInstanceUID: string): Record<string, unknown> {
  const text = (tag: string) => first.string(`x${tag}`) ?? '';
  const signed = first.uint16('x00280103') === 1;
  const padding = first.elements['x00280120'] ? (signed ? first.int16('x00280120') : first.uint16('x00280120')) : undefined;
  return {
    SpecificCharacterSet: text('00080005') || 'ISO_IR 100',
    ImageType: values(first, '00080008'),
    SOPInstanceUID: sopInstanceUID,
    StudyDate: text('00080020'),
    Modality: text('00080060'),
    StudyDescription: text('00081030'),
    SeriesDescription: text('0008103e'),
    PatientName: text('00100010'),
    PatientID: text('00100020'),
    StudyInstanceUID: text('0020000d'),
    SeriesInstanceUID: text('0020000e'),
    SeriesNumber: text('00200011'),
    InstanceNumber: '1',
    FrameOfReferenceUID: text('00200052'),
    SamplesPerPixel: 1,
    PhotometricInterpretation: text('00280004'),
    Rows: first.uint16('x00280010'),
    Columns: first.uint16('x00280011'),
    BitsAllocated: first.uint16('x00280100'),
    BitsStored: first.uint16('x00280101'),
    HighBit: first.uint16('x00280102'),
    PixelRepresentation: first.uint16('x00280103'),
    ...(padding !== undefined ? { PixelPaddingValue: padding } : {}),
  };
}

export interface MultiFrameOptions {
  /** The frames, as indices into the slices, in the order the file holds them (default: as given). */
  order?: number[];
  sopInstanceUID?: string;
}

/** An Enhanced CT Image of the slices: per-frame plane position, orientation, pixel measures, rescale and window. */
export function enhancedCt(slices: Slice[], options: MultiFrameOptions = {}): Uint8Array {
  const order = options.order ?? slices.map((_, index) => index);
  const frames = order.map((index) => slices[index]!);
  const sop = options.sopInstanceUID ?? `2.25.${BigInt(`0x${hashHex(frames.map((f) => f.name).join('|'))}`)}`;
  const perFrame = frames.map(({ ds }) => ({
    PlanePositionSequence: [{ ImagePositionPatient: values(ds, '00200032') }],
    PlaneOrientationSequence: [{ ImageOrientationPatient: values(ds, '00200037') }],
    PixelMeasuresSequence: [{ PixelSpacing: values(ds, '00280030'), SliceThickness: values(ds, '00180050')[0] }],
    PixelValueTransformationSequence: [
      {
        RescaleIntercept: values(ds, '00281052')[0],
        RescaleSlope: values(ds, '00281053')[0],
        RescaleType: 'HU',
      },
    ],
    FrameVOILUTSequence: [{ WindowCenter: values(ds, '00281050')[0], WindowWidth: values(ds, '00281051')[0] }],
  }));
  return writeMultiFrame(frames, {
    ...sharedAttributes(frames[0]!.ds, sop),
    SOPClassUID: ENHANCED_CT,
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL', 'NONE'],
    NumberOfFrames: String(frames.length),
    SharedFunctionalGroupsSequence: [{ CTImageFrameTypeSequence: [{ FrameType: ['ORIGINAL', 'PRIMARY', 'AXIAL', 'NONE'] }] }],
    PerFrameFunctionalGroupsSequence: perFrame,
  });
}

/**
 * A legacy multi-frame CT Image: the first slice's position, orientation, spacing, rescale and window
 * at the top level, the other frames placed along the normal by a Grid Frame Offset Vector. Only for
 * slices stacked along their normal (no gantry tilt) with one rescale.
 */
export function legacyMultiFrameCt(slices: Slice[]): Uint8Array {
  const first = slices[0]!.ds;
  const iop = values(first, '00200037').map(Number);
  const normal = [
    iop[1]! * iop[5]! - iop[2]! * iop[4]!,
    iop[2]! * iop[3]! - iop[0]! * iop[5]!,
    iop[0]! * iop[4]! - iop[1]! * iop[3]!,
  ];
  const origin = values(first, '00200032').map(Number);
  const offsets = slices.map(({ ds }) => {
    const p = values(ds, '00200032').map(Number);
    return p.reduce((sum, v, axis) => sum + (v - origin[axis]!) * normal[axis]!, 0).toFixed(4);
  });
  return writeMultiFrame(slices, {
    ...sharedAttributes(first, `2.25.${BigInt(`0x${hashHex(`legacy|${slices.length}`)}`)}`),
    SOPClassUID: CT_IMAGE,
    NumberOfFrames: String(slices.length),
    ImagePositionPatient: values(first, '00200032'),
    ImageOrientationPatient: values(first, '00200037'),
    PixelSpacing: values(first, '00280030'),
    SliceThickness: values(first, '00180050')[0],
    RescaleIntercept: values(first, '00281052')[0],
    RescaleSlope: values(first, '00281053')[0],
    WindowCenter: values(first, '00281050')[0],
    WindowWidth: values(first, '00281051')[0],
    GridFrameOffsetVector: offsets,
  });
}

function writeMultiFrame(frames: Slice[], dataSet: Record<string, unknown>): Uint8Array {
  const frameBytes = frames[0]!.pixels.length;
  const pixels = new Uint8Array(frameBytes * frames.length);
  frames.forEach((frame, index) => pixels.set(frame.pixels, index * frameBytes));
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const signed = dataSet.PixelRepresentation === 1;
  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataSet.SOPClassUID,
    MediaStorageSOPInstanceUID: dataSet.SOPInstanceUID,
    TransferSyntaxUID: '1.2.840.10008.1.2.1',
    ImplementationClassUID: '2.25.1',
  });
  const dict = new DicomDict(meta);
  dict.dict = DicomMetaDictionary.denaturalizeDataset({
    ...dataSet,
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: 'OW', ...(signed ? { PixelPaddingValue: 'SS' } : { PixelPaddingValue: 'US' }) },
  });
  return new Uint8Array(dict.write());
}

/** A stable 64-bit hex digest of a string, for UIDs that differ per file. */
function hashHex(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let index = 0; index < text.length; index++) {
    a = Math.imul(a ^ text.charCodeAt(index), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(index), 0x811c9dc5);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
