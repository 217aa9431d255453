import type { Vec3 } from '../math/vec3';

export type { Vec3 };

/** What one DICOM file's header says, read without touching pixel data. */
export interface SliceHeader {
  /** Key of the file inside the source it came from (relative path or file name). */
  file: string;
  patientName: string;
  patientId: string;
  studyInstanceUID: string;
  studyDescription: string;
  studyDate: string;
  seriesInstanceUID: string;
  seriesNumber: number | null;
  seriesDescription: string;
  modality: string;
  sopClassUID: string;
  sopInstanceUID: string;
  instanceNumber: number | null;
  imageType: string[];
  transferSyntaxUID: string;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  photometricInterpretation: string;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  numberOfFrames: number;
  /** (0020,0032) or null when absent/malformed. */
  imagePositionPatient: Vec3 | null;
  /** (0020,0037) row direction then column direction, or null. */
  imageOrientationPatient: [number, number, number, number, number, number] | null;
  /** (0028,0030): [row spacing (between rows, along columns), column spacing (between columns)]. */
  pixelSpacing: [number, number] | null;
  sliceThickness: number | null;
  gantryTilt: number | null;
  rescaleSlope: number;
  rescaleIntercept: number;
  windowCenter: number | null;
  windowWidth: number | null;
  pixelPaddingValue: number | null;
  hasPixelData: boolean;
  /** What lossy compression the pixel values went through, in words; null when none that the header says. */
  lossyCompression: string | null;
}

export interface SkippedFile {
  file: string;
  reason: string;
  /** The series the file belongs to, when its header says so: its volume reports the file left out. */
  seriesInstanceUID?: string;
}
