import { CT_IMAGE_STORAGE, ds, writePart10 } from '../dicom/write-part10';
import { roundMm } from './ds-rounding';
import type { PhantomFrame, PhantomGeometry } from './phantom-geometry';
import type { ResolvedPhantomOptions } from './phantom-options';
import { samplePixels } from './phantom-pixels';
import { deterministicUID } from './phantom-random';

/** One frame of the phantom as a CT image Part 10 file: its tags and its sampled pixels. */
export function writeImage(
  opts: ResolvedPhantomOptions,
  geometry: PhantomGeometry,
  frame: PhantomFrame,
  sopInstanceUID: string,
): Uint8Array {
  return writePart10(imageDataset(opts, geometry, frame, sopInstanceUID), 'CTVIEWER_PHANTOM');
}

function imageDataset(opts: ResolvedPhantomOptions, geometry: PhantomGeometry, frame: PhantomFrame, sopInstanceUID: string) {
  const pixels = samplePixels(opts, geometry, frame.position);
  const pixelVR = opts.unsigned ? 'US' : 'SS';
  return {
    ImageType: ['ORIGINAL', 'PRIMARY', opts.localizer ? 'LOCALIZER' : 'AXIAL'],
    SOPClassUID: CT_IMAGE_STORAGE,
    SOPInstanceUID: sopInstanceUID,
    StudyDate: '20240101',
    StudyTime: '120000',
    Modality: 'CT',
    Manufacturer: 'ct-viewer phantom',
    StudyDescription: opts.studyDescription,
    SeriesDescription: opts.seriesDescription,
    PatientName: opts.patientName,
    PatientID: opts.patientId,
    PatientSex: 'O',
    KVP: '120',
    ...(opts.localizer ? {} : { SliceThickness: ds(opts.sliceThickness), GantryDetectorTilt: ds(roundMm(opts.tiltDeg)) }),
    PatientPosition: 'HFS',
    StudyInstanceUID: opts.studyInstanceUID,
    SeriesInstanceUID: opts.seriesInstanceUID,
    StudyID: '1',
    SeriesNumber: String(opts.seriesNumber),
    InstanceNumber: String(frame.instanceNumber),
    ImagePositionPatient: frame.position.map(ds),
    ImageOrientationPatient: [...geometry.rowDir, ...geometry.colDir].map(ds),
    FrameOfReferenceUID: deterministicUID(`${opts.seed}|frame-of-reference`),
    ...(frame.sliceLocation === null ? {} : { SliceLocation: ds(frame.sliceLocation) }),
    SamplesPerPixel: 1,
    PhotometricInterpretation: opts.monochrome1 ? 'MONOCHROME1' : 'MONOCHROME2',
    Rows: geometry.rows,
    Columns: geometry.columns,
    PixelSpacing: geometry.pixelSpacing.map(ds),
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: opts.unsigned ? 0 : 1,
    ...(opts.pixelPaddingValue === null ? {} : { PixelPaddingValue: opts.pixelPaddingValue }),
    WindowCenter: [opts.windowCenter].flat().map(ds),
    WindowWidth: [opts.windowWidth].flat().map(ds),
    RescaleIntercept: ds(opts.rescaleIntercept),
    RescaleSlope: ds(opts.rescaleSlope),
    RescaleType: 'HU',
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: 'OW', PixelPaddingValue: pixelVR },
  };
}
