/**
 * Writes a large axial phantom series file by file, so a 2000-slice 512×512 series (1 GiB of
 * int16) never sits in memory: `generatePhantom` (src/sample/phantom.ts) builds every file
 * before returning, and it has no per-slice entry point.
 *
 * The output is meant to be byte-identical to `generatePhantom(options)` for the supported
 * subset of options (untilted, non-oblique, regular spacing, ascending instance numbers,
 * no shuffle / missing slice / padding / localizer):
 * - UIDs, file names and resolved defaults come from `generatePhantom` itself, run on a
 *   1×1-pixel copy of the series (they do not depend on rows / columns);
 * - per slice, the geometry, pixels (`phantomHU`) and the dcmjs dataset mirror
 *   phantom.ts's `planAxialSeries`, `samplePixels` and `imageDataset`.
 * `checkStreamMatchesGeneratePhantom` compares both on a small series, so a drift of
 * phantom.ts is noticed (the harness warns, the series stays a valid one).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import dicomParser from 'dicom-parser';
import type { Vec3 } from '../../src/dicom/types';
import {
  CT_IMAGE_STORAGE,
  EXPLICIT_VR_LITTLE_ENDIAN,
  generatePhantom,
  type PhantomOptions,
  type ResolvedPhantomOptions,
} from '../../src/sample/phantom';
import { phantomHU } from '../../src/sample/phantom-model';

/** The options the streaming writer honours; anything else is rejected. */
export type StreamPhantomOptions = Pick<
  PhantomOptions,
  | 'rows'
  | 'columns'
  | 'slices'
  | 'pixelSpacing'
  | 'sliceThickness'
  | 'rescaleSlope'
  | 'rescaleIntercept'
  | 'windowCenter'
  | 'windowWidth'
  | 'seed'
  | 'patientName'
  | 'patientId'
  | 'seriesDescription'
  | 'studyDescription'
  | 'seriesNumber'
> & { sliceSpacing?: number };

const IMPLEMENTATION_CLASS_UID = '2.25.196032458726373049516180316734602518547';

const roundTo = (x: number, decimals: number): number => Math.round(x * 10 ** decimals) / 10 ** decimals + 0;
const roundMm = (x: number): number => roundTo(x, 6);

function ds(x: number): string {
  const text = String(x);
  if (text.length > 16) throw new RangeError(`${x} does not fit a DICOM DS value`);
  return text;
}

export interface StreamProgress {
  written: number;
  total: number;
  bytes: number;
}

/**
 * Writes `options.slices` Part 10 files into `dir` one at a time (at most one slice in memory).
 * Returns the series UID and the total bytes written.
 */
export async function writePhantomSeriesStreaming(
  options: StreamPhantomOptions,
  dir: string,
  onProgress?: (p: StreamProgress) => void,
): Promise<{ seriesInstanceUID: string; files: number; bytes: number }> {
  // UIDs / names / defaults from the real generator on a 1×1 copy: cheap (~1.5 ms a slice).
  const tiny = generatePhantom({ ...options, rows: 1, columns: 1 });
  const opts: ResolvedPhantomOptions = { ...tiny.options, rows: options.rows ?? 128, columns: options.columns ?? 128 };
  if (Array.isArray(opts.sliceSpacing)) throw new RangeError('streaming phantom needs one slice spacing');
  const spacing = opts.sliceSpacing;
  const [rowSpacing, colSpacing] = opts.pixelSpacing;
  const halfWidth = ((opts.columns - 1) / 2) * colSpacing;
  const halfHeight = ((opts.rows - 1) / 2) * rowSpacing;
  const rowDir: Vec3 = [1, 0, 0];
  const colDir: Vec3 = [0, 1, 0];
  const frameOfReferenceUID = frameOfReferenceOf(tiny.files[0]!.data);
  const total = opts.slices;
  // centredOffsets(): offsets are accumulated gap by gap, then shifted by half the total.
  let extent = 0;
  for (let k = 1; k < total; k++) extent += spacing;

  await mkdir(dir, { recursive: true });
  let bytes = 0;
  let offset = 0;
  for (let k = 0; k < total; k++) {
    const meta = tiny.slices[k]!;
    if (k > 0) offset += spacing;
    const z = offset - extent / 2;
    // topLeftPosition() for rowDir (1,0,0), colDir (0,1,0): centre (0,0,z) minus half the extent.
    const position: Vec3 = [roundMm(-halfWidth), roundMm(-halfHeight), roundMm(z)];
    const data = writeSlice(opts, { instanceNumber: meta.instanceNumber, position, sliceLocation: roundMm(z) }, meta.sopInstanceUID, frameOfReferenceUID, rowDir, colDir);
    await writeFile(join(dir, meta.file), data);
    bytes += data.byteLength;
    onProgress?.({ written: k + 1, total, bytes });
  }
  return { seriesInstanceUID: opts.seriesInstanceUID, files: total, bytes };
}

function frameOfReferenceOf(part10: Uint8Array): string {
  const uid = dicomParser.parseDicom(part10).string('x00200052');
  if (!uid) throw new Error('generatePhantom wrote no FrameOfReferenceUID');
  return uid;
}

interface Frame {
  instanceNumber: number;
  position: Vec3;
  sliceLocation: number;
}

function samplePixels(opts: ResolvedPhantomOptions, position: Vec3): Int16Array {
  const { rows, columns } = opts;
  const [rowSpacing, colSpacing] = opts.pixelSpacing;
  const [cx, cy, cz] = [colSpacing, 0, 0];
  const [rx, ry, rz] = [0, rowSpacing, 0];
  const [px, py, pz] = position;
  const pixels = new Int16Array(rows * columns);
  const p: Vec3 = [0, 0, 0];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < columns; i++) {
      p[0] = px + i * cx + j * rx;
      p[1] = py + i * cy + j * ry;
      p[2] = pz + i * cz + j * rz;
      const stored = Math.round((phantomHU(p) - opts.rescaleIntercept) / opts.rescaleSlope);
      pixels[j * columns + i] = Math.min(32767, Math.max(-32768, stored));
    }
  }
  return pixels;
}

function writeSlice(
  opts: ResolvedPhantomOptions,
  frame: Frame,
  sopInstanceUID: string,
  frameOfReferenceUID: string,
  rowDir: Vec3,
  colDir: Vec3,
): Uint8Array {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: CT_IMAGE_STORAGE,
    MediaStorageSOPInstanceUID: sopInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'CTVIEWER_PHANTOM',
  });
  const dict = new DicomDict(meta);
  const pixels = samplePixels(opts, frame.position);
  dict.dict = DicomMetaDictionary.denaturalizeDataset({
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
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
    SliceThickness: ds(opts.sliceThickness),
    GantryDetectorTilt: ds(roundMm(opts.tiltDeg)),
    PatientPosition: 'HFS',
    StudyInstanceUID: opts.studyInstanceUID,
    SeriesInstanceUID: opts.seriesInstanceUID,
    StudyID: '1',
    SeriesNumber: String(opts.seriesNumber),
    InstanceNumber: String(frame.instanceNumber),
    ImagePositionPatient: frame.position.map(ds),
    ImageOrientationPatient: [...rowDir, ...colDir].map(ds),
    FrameOfReferenceUID: frameOfReferenceUID,
    SliceLocation: ds(frame.sliceLocation),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: opts.rows,
    Columns: opts.columns,
    PixelSpacing: opts.pixelSpacing.map(ds),
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 1,
    WindowCenter: [opts.windowCenter].flat().map(ds),
    WindowWidth: [opts.windowWidth].flat().map(ds),
    RescaleIntercept: ds(opts.rescaleIntercept),
    RescaleSlope: ds(opts.rescaleSlope),
    RescaleType: 'HU',
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: 'OW', PixelPaddingValue: 'SS' },
  });
  return new Uint8Array(dict.write());
}

/**
 * Writes a small series both ways and compares the bytes. Returns null when identical, else
 * a description of the first difference.
 */
export async function checkStreamMatchesGeneratePhantom(options: StreamPhantomOptions, tmpDir: string): Promise<string | null> {
  const reference = generatePhantom(options);
  const { readFile } = await import('node:fs/promises');
  await writePhantomSeriesStreaming(options, tmpDir);
  for (const file of reference.files) {
    const mine = new Uint8Array(await readFile(join(tmpDir, file.name)));
    if (mine.byteLength !== file.data.byteLength) return `${file.name}: ${mine.byteLength} bytes vs ${file.data.byteLength}`;
    for (let i = 0; i < mine.byteLength; i++) {
      if (mine[i] !== file.data[i]) return `${file.name}: first differing byte at ${i}`;
    }
  }
  return null;
}
