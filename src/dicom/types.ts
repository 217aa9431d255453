import type { Vec3 } from '../math/vec3';

export type { Vec3 };

/** What one DICOM file's header says, read without touching pixel data. */
export interface SliceHeader {
  /**
   * Key of the file inside the source it came from (relative path or file name); for one frame of a
   * multi-frame file, that key and the frame ("ct.dcm (frame 3 of 28)"), so every slice has a key of its
   * own and a warning names the frame. `frame.file` is then the file's own key.
   */
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
  /** Frames of this header's image: 1 for one frame of a multi-frame file (`frame` says which). */
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
  /** Set when this slice is one frame of a multi-frame file: which one, and where its pixels lie. */
  frame?: FrameLocation;
  /**
   * Set when the file is a bare data set (no preamble, no "DICM", no file meta), as old archives and
   * some modality exports write it; `transferSyntaxUID` is then the one its first bytes showed.
   */
  rawDataSet?: boolean;
}

/** One frame of a multi-frame file: the reader gets it as a single-frame data set made of these bytes. */
export interface FrameLocation {
  /** Key of the file holding the frame (the source's name). */
  file: string;
  /** 0-based. */
  index: number;
  /** Frames in the file. */
  count: number;
  /**
   * The frame's bytes, [start, end) in the file: its native pixels, or its fragment items (item tags
   * included; the last frame's range may run past the sequence delimiter, which ends it).
   */
  start: number;
  end: number;
  /** The range counts bytes of the inflated data set (a deflated file is read whole and inflated). */
  inflated: boolean;
}

export interface SkippedFile {
  file: string;
  reason: string;
  /** The series the file belongs to, when its header says so: its volume reports the file left out. */
  seriesInstanceUID?: string;
}
