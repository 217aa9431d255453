import { CT_IMAGE_STORAGE, writePart10 } from '../../dicom/write-part10';

/**
 * The slice the DICOM reader is warmed up on: one 512×512 signed 16-bit CT image, the size and
 * format of a typical CT slice (stored values rescaled by an intercept of -1024, which sends the
 * reader down its rescaling path), so the code a real first chunk runs has already run once. Its
 * content does not matter (the image is thrown away); a soft-tissue disc in air, like a body in
 * its field of view, is cheap to make.
 */
export const WARM_UP_SIZE = 512;

const RESCALE_INTERCEPT = -1024;
const AIR_STORED = -1000 - RESCALE_INTERCEPT;
const TISSUE_STORED = 40 - RESCALE_INTERCEPT;

// Fixed UIDs under the UUID-derived root: the slice is never shown, stored or compared with another.
const STUDY_UID = '2.25.314159265358979323846264338327950288';
const SERIES_UID = '2.25.314159265358979323846264338327950289';
const INSTANCE_UID = '2.25.314159265358979323846264338327950290';

export function writeWarmUpSlice(): Uint8Array {
  const size = WARM_UP_SIZE;
  const pixels = new Int16Array(size * size);
  const centre = (size - 1) / 2;
  const radius = (size * 0.4) ** 2;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      pixels[j * size + i] = (i - centre) ** 2 + (j - centre) ** 2 <= radius ? TISSUE_STORED : AIR_STORED;
    }
  }
  return writePart10(
    {
      SOPClassUID: CT_IMAGE_STORAGE,
      SOPInstanceUID: INSTANCE_UID,
      Modality: 'CT',
      StudyInstanceUID: STUDY_UID,
      SeriesInstanceUID: SERIES_UID,
      SeriesNumber: '1',
      InstanceNumber: '1',
      ImagePositionPatient: ['-255.5', '-255.5', '0'],
      ImageOrientationPatient: ['1', '0', '0', '0', '1', '0'],
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: size,
      Columns: size,
      PixelSpacing: ['1', '1'],
      BitsAllocated: 16,
      BitsStored: 16,
      HighBit: 15,
      PixelRepresentation: 1,
      RescaleIntercept: String(RESCALE_INTERCEPT),
      RescaleSlope: '1',
      PixelData: [pixels.buffer],
      _vrMap: { PixelData: 'OW' },
    },
    'CTVIEWER_WARMUP',
  );
}
