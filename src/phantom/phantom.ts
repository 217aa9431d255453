import dcmjs from 'dcmjs';
import type { Vec3 } from '../dicom/types';
import { MARKER_CENTRE_Y, phantomHU } from './phantom-model';

/**
 * Writes the analytic phantom (phantom-model.ts) as a CT series of DICOM Part 10 files.
 * Browser-safe: no Node imports, Uint8Array only.
 *
 * Geometry (all LPS mm):
 * - Acquisition frame before any rotation: row = (1,0,0), col = (0, cos t, -sin t) for
 *   gantry tilt t, table motion s = (0,0,1). obliqueDeg = [a, b, c] then rotates all three
 *   by R = Rz(c)·Ry(b)·Rx(a) (right-handed, about the patient axes).
 * - Slice k (spatial index, 0 = furthest toward -s) is centred at z_k·s, where z_k are the
 *   cumulative slice gaps shifted so the stack is centred on the origin. Its IPP is that
 *   centre minus half the in-plane extent (pixel centre to pixel centre), so with tilt
 *   IPP_k = IPP_0 + z_k·s while the plane normal row×col = (0, sin t, cos t) is not s.
 * - Instance numbers follow acquisition order: ascending k, or descending with `reverse`.
 *   missingSlice (a spatial index) drops that file after numbering, leaving a gap.
 * - Geometry numbers are rounded to what DICOM DS can hold before pixels are sampled,
 *   so the written tags reproduce every pixel exactly.
 */

export interface PhantomOptions {
  rows?: number;
  columns?: number;
  slices?: number;
  /** [spacing between rows, spacing between columns] in mm, as DICOM PixelSpacing. */
  pixelSpacing?: [number, number];
  /** One gap for all slices, or the slices-1 gaps in spatial order for variable spacing. */
  sliceSpacing?: number | number[];
  /** Defaults to the slice spacing, or the mean gap when spacing varies. */
  sliceThickness?: number;
  tiltDeg?: number;
  obliqueDeg?: [number, number, number];
  reverse?: boolean;
  shuffle?: boolean;
  /** Spatial index of the slice to omit. */
  missingSlice?: number;
  rescaleSlope?: number;
  rescaleIntercept?: number;
  unsigned?: boolean;
  monochrome1?: boolean;
  windowCenter?: number | number[];
  windowWidth?: number | number[];
  /** Stored (raw) value written to pixels outside the reconstruction circle, as scanners do. */
  pixelPaddingValue?: number;
  /** A single coronal scout image instead of an axial series. */
  localizer?: boolean;
  /** Derives every default UID and the shuffle; distinct seeds give distinct UIDs. */
  seed?: number | string;
  patientName?: string;
  patientId?: string;
  studyInstanceUID?: string;
  seriesInstanceUID?: string;
  seriesNumber?: number;
  seriesDescription?: string;
  studyDescription?: string;
}

export type ResolvedPhantomOptions = Required<Omit<PhantomOptions, 'missingSlice' | 'pixelPaddingValue'>> & {
  missingSlice: number | null;
  pixelPaddingValue: number | null;
};

export interface PhantomFile {
  name: string;
  data: Uint8Array;
}

export interface PhantomSlice {
  file: string;
  instanceNumber: number;
  sopInstanceUID: string;
  position: Vec3;
}

export interface PhantomGeometry {
  rowDir: Vec3;
  colDir: Vec3;
  /** rowDir × colDir. */
  normal: Vec3;
  /** Direction of table motion between slices; differs from normal under gantry tilt. */
  sliceDir: Vec3;
  /** IPPs in instance-number order, without the missing slice. */
  positions: Vec3[];
  pixelSpacing: [number, number];
  rows: number;
  columns: number;
}

export interface GeneratedPhantom {
  /** In write order: instance order, or seeded random order with `shuffle`. */
  files: PhantomFile[];
  /** In instance-number order, like geometry.positions. */
  slices: PhantomSlice[];
  geometry: PhantomGeometry;
  options: ResolvedPhantomOptions;
}

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const IMPLEMENTATION_CLASS_UID = '2.25.196032458726373049516180316734602518547';

export function generatePhantom(options: PhantomOptions = {}): GeneratedPhantom {
  const opts = resolveOptions(options);
  const plan = opts.localizer ? planLocalizer(opts) : planAxialSeries(opts);
  const written = [...writeFrames(opts, plan)];
  const slices = written.map((w) => w.slice);
  const files = written.map((w) => w.file);
  if (opts.shuffle) shuffleInPlace(files, seededRandom(`${opts.seed}|${opts.seriesInstanceUID}|shuffle`));
  return { files, slices, geometry: plan.geometry, options: opts };
}

/**
 * The same files as generatePhantom, in instance order, one at a time: a large series (a 512×512×2000
 * benchmark volume is 1 GiB) never sits in memory. Shuffling needs the whole list, so it is not offered here.
 */
export function* generatePhantomFiles(options: PhantomOptions = {}): Generator<{ slice: PhantomSlice; file: PhantomFile }> {
  const opts = resolveOptions({ ...options, shuffle: false });
  yield* writeFrames(opts, opts.localizer ? planLocalizer(opts) : planAxialSeries(opts));
}

function* writeFrames(
  opts: ResolvedPhantomOptions,
  plan: ReturnType<typeof planAxialSeries>,
): Generator<{ slice: PhantomSlice; file: PhantomFile }> {
  const nameFor = fileNamer(opts);
  for (const frame of plan.frames) {
    const name = nameFor(frame);
    const sopInstanceUID = deterministicUID(`${opts.seed}|${opts.seriesInstanceUID}|sop|${frame.instanceNumber}`);
    const slice: PhantomSlice = { file: name, instanceNumber: frame.instanceNumber, sopInstanceUID, position: frame.position };
    yield { slice, file: { name, data: writeImage(opts, plan.geometry, frame, sopInstanceUID) } };
  }
}

/** True where a pixel centre lies outside the circle inscribed in the image, i.e. gets padding. */
export function isPaddingPixel(geometry: PhantomGeometry, column: number, row: number): boolean {
  const [rowSpacing, colSpacing] = geometry.pixelSpacing;
  const dx = (column - (geometry.columns - 1) / 2) * colSpacing;
  const dy = (row - (geometry.rows - 1) / 2) * rowSpacing;
  const radius = Math.min(geometry.columns * colSpacing, geometry.rows * rowSpacing) / 2;
  return dx * dx + dy * dy > radius * radius;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function resolveOptions(o: PhantomOptions): ResolvedPhantomOptions {
  const slices = positiveInteger('slices', o.localizer ? 1 : (o.slices ?? 64));
  const sliceSpacing = o.sliceSpacing ?? 2.5;
  if (Array.isArray(sliceSpacing) && sliceSpacing.length !== slices - 1) {
    throw new RangeError(`sliceSpacing needs ${slices - 1} gaps, got ${sliceSpacing.length}`);
  }
  const gaps = Array.isArray(sliceSpacing) ? sliceSpacing : [sliceSpacing];
  const meanGap = gaps.reduce((a, b) => a + b, 0) / Math.max(gaps.length, 1);
  const missingSlice = o.missingSlice ?? null;
  if (missingSlice !== null && !(Number.isInteger(missingSlice) && missingSlice >= 0 && missingSlice < slices)) {
    throw new RangeError(`missingSlice ${missingSlice} is not a slice index below ${slices}`);
  }
  const seed = o.seed ?? 1;
  const localizer = o.localizer ?? false;
  const unsigned = o.unsigned ?? false;
  const pixelPaddingValue = o.pixelPaddingValue ?? null;
  if (pixelPaddingValue !== null) {
    const [min, max] = storedRange(unsigned);
    if (!Number.isInteger(pixelPaddingValue) || pixelPaddingValue < min || pixelPaddingValue > max) {
      throw new RangeError(`pixelPaddingValue ${pixelPaddingValue} is not a stored value in [${min}, ${max}]`);
    }
  }
  return {
    rows: positiveInteger('rows', o.rows ?? 128),
    columns: positiveInteger('columns', o.columns ?? 128),
    slices,
    pixelSpacing: [roundMm(o.pixelSpacing?.[0] ?? 1.6), roundMm(o.pixelSpacing?.[1] ?? 1.6)],
    sliceSpacing,
    sliceThickness: roundMm(o.sliceThickness ?? meanGap),
    tiltDeg: o.tiltDeg ?? 0,
    obliqueDeg: o.obliqueDeg ?? [0, 0, 0],
    reverse: o.reverse ?? false,
    shuffle: o.shuffle ?? false,
    missingSlice,
    rescaleSlope: roundMm(o.rescaleSlope ?? 1),
    rescaleIntercept: roundMm(o.rescaleIntercept ?? -1024),
    unsigned,
    monochrome1: o.monochrome1 ?? false,
    windowCenter: o.windowCenter ?? 40,
    windowWidth: o.windowWidth ?? 400,
    pixelPaddingValue,
    localizer,
    seed,
    patientName: o.patientName ?? 'PHANTOM^CT',
    patientId: o.patientId ?? 'PHANTOM-001',
    studyInstanceUID: o.studyInstanceUID ?? deterministicUID(`${seed}|study`),
    seriesInstanceUID: o.seriesInstanceUID ?? deterministicUID(`${seed}|${localizer ? 'localizer' : 'axial'}|series`),
    seriesNumber: o.seriesNumber ?? (localizer ? 1 : 2),
    seriesDescription: o.seriesDescription ?? (localizer ? 'Phantom scout' : 'Phantom axial'),
    studyDescription: o.studyDescription ?? 'CT phantom',
  };
}

// ---------- geometry ----------

interface Frame {
  instanceNumber: number;
  position: Vec3;
  /** Table position of the slice centre along sliceDir; absent for the scout. */
  sliceLocation: number | null;
}

interface Plan {
  geometry: PhantomGeometry;
  frames: Frame[];
}

function planAxialSeries(opts: ResolvedPhantomOptions): Plan {
  const t = degToRad(opts.tiltDeg);
  const rotate = (v: Vec3): Vec3 => rotateEuler(v, opts.obliqueDeg);
  const rowDir = roundCosines(rotate([1, 0, 0]));
  const colDir = roundCosines(rotate([0, Math.cos(t), -Math.sin(t)]));
  const sliceDir = roundCosines(rotate([0, 0, 1]));
  const frames: Frame[] = centredOffsets(opts.slices, opts.sliceSpacing)
    .map((z, k) => ({
      spatialIndex: k,
      instanceNumber: opts.reverse ? opts.slices - k : k + 1,
      position: topLeftPosition(opts, scale(sliceDir, z), rowDir, colDir),
      sliceLocation: roundMm(z),
    }))
    .filter((f) => f.spatialIndex !== opts.missingSlice)
    .sort((a, b) => a.instanceNumber - b.instanceNumber)
    .map(({ instanceNumber, position, sliceLocation }) => ({ instanceNumber, position, sliceLocation }));
  return { geometry: geometryOf(opts, rowDir, colDir, sliceDir, frames), frames };
}

/** A coronal plane through the marker axis, so the scout shows where the marker ends. */
function planLocalizer(opts: ResolvedPhantomOptions): Plan {
  const rowDir: Vec3 = [1, 0, 0];
  const colDir: Vec3 = [0, 0, -1];
  const centre: Vec3 = [0, MARKER_CENTRE_Y, 0];
  const frames = [{ instanceNumber: 1, position: topLeftPosition(opts, centre, rowDir, colDir), sliceLocation: null }];
  return { geometry: geometryOf(opts, rowDir, colDir, cross(rowDir, colDir), frames), frames };
}

function geometryOf(opts: ResolvedPhantomOptions, rowDir: Vec3, colDir: Vec3, sliceDir: Vec3, frames: Frame[]): PhantomGeometry {
  return {
    rowDir,
    colDir,
    normal: cross(rowDir, colDir),
    sliceDir,
    positions: frames.map((f) => f.position),
    pixelSpacing: opts.pixelSpacing,
    rows: opts.rows,
    columns: opts.columns,
  };
}

/** Cumulative slice offsets, shifted so the first and last slice are symmetric about 0. */
function centredOffsets(count: number, spacing: number | number[]): number[] {
  const gaps = Array.isArray(spacing) ? spacing : new Array<number>(count - 1).fill(spacing);
  let z = 0;
  const offsets = [0, ...gaps.map((gap) => (z += gap))];
  return offsets.map((offset) => offset - z / 2);
}

function topLeftPosition(opts: ResolvedPhantomOptions, centre: Vec3, rowDir: Vec3, colDir: Vec3): Vec3 {
  const [rowSpacing, colSpacing] = opts.pixelSpacing;
  const halfWidth = ((opts.columns - 1) / 2) * colSpacing;
  const halfHeight = ((opts.rows - 1) / 2) * rowSpacing;
  const p = add(centre, add(scale(rowDir, -halfWidth), scale(colDir, -halfHeight)));
  return [roundMm(p[0]), roundMm(p[1]), roundMm(p[2])];
}

function rotateEuler(v: Vec3, [aDeg, bDeg, cDeg]: [number, number, number]): Vec3 {
  const [a, b, c] = [degToRad(aDeg), degToRad(bDeg), degToRad(cDeg)];
  const [x1, y1, z1] = [v[0], v[1] * Math.cos(a) - v[2] * Math.sin(a), v[1] * Math.sin(a) + v[2] * Math.cos(a)];
  const [x2, y2, z2] = [x1 * Math.cos(b) + z1 * Math.sin(b), y1, -x1 * Math.sin(b) + z1 * Math.cos(b)];
  return [x2 * Math.cos(c) - y2 * Math.sin(c), x2 * Math.sin(c) + y2 * Math.cos(c), z2];
}

const degToRad = (deg: number): number => (deg * Math.PI) / 180;
const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];

// DS values hold at most 16 characters; these roundings keep every geometry number within
// that, so the file and the returned truth agree exactly.
const roundTo = (x: number, decimals: number): number => Math.round(x * 10 ** decimals) / 10 ** decimals + 0;
const roundMm = (x: number): number => roundTo(x, 6);
const roundCosines = (v: Vec3): Vec3 => [roundTo(v[0], 12), roundTo(v[1], 12), roundTo(v[2], 12)];

// ---------- pixels ----------

const storedRange = (unsigned: boolean): [number, number] => (unsigned ? [0, 65535] : [-32768, 32767]);

function samplePixels(opts: ResolvedPhantomOptions, geometry: PhantomGeometry, position: Vec3): Int16Array | Uint16Array {
  const { rows, columns } = geometry;
  const [rowSpacing, colSpacing] = geometry.pixelSpacing;
  // Steps per column and per row, hoisted out of the million-pixel loop.
  const [cx, cy, cz] = scale(geometry.rowDir, colSpacing);
  const [rx, ry, rz] = scale(geometry.colDir, rowSpacing);
  const [px, py, pz] = position;
  const pixels = opts.unsigned ? new Uint16Array(rows * columns) : new Int16Array(rows * columns);
  const [min, max] = storedRange(opts.unsigned);
  const p: Vec3 = [0, 0, 0];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < columns; i++) {
      if (opts.pixelPaddingValue !== null && isPaddingPixel(geometry, i, j)) {
        pixels[j * columns + i] = opts.pixelPaddingValue;
        continue;
      }
      p[0] = px + i * cx + j * rx;
      p[1] = py + i * cy + j * ry;
      p[2] = pz + i * cz + j * rz;
      const stored = Math.round((phantomHU(p) - opts.rescaleIntercept) / opts.rescaleSlope);
      pixels[j * columns + i] = Math.min(max, Math.max(min, stored));
    }
  }
  return pixels;
}

// ---------- DICOM ----------

function writeImage(opts: ResolvedPhantomOptions, geometry: PhantomGeometry, frame: Frame, sopInstanceUID: string): Uint8Array {
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
  dict.dict = DicomMetaDictionary.denaturalizeDataset(imageDataset(opts, geometry, frame, sopInstanceUID));
  return new Uint8Array(dict.write());
}

function imageDataset(opts: ResolvedPhantomOptions, geometry: PhantomGeometry, frame: Frame, sopInstanceUID: string) {
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
    ...(opts.localizer
      ? {}
      : { SliceThickness: ds(opts.sliceThickness), GantryDetectorTilt: ds(roundMm(opts.tiltDeg)) }),
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

/** dcmjs would silently cut a longer DS string, so refuse instead. */
function ds(x: number): string {
  const text = String(x);
  if (text.length > 16) throw new RangeError(`${x} does not fit a DICOM DS value`);
  return text;
}

// ---------- determinism ----------

/** FNV-1a: a stable 32-bit seed from any string. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast PRNG that is identical in every JS engine. */
function seededRandom(key: string): () => number {
  let state = hashString(key);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A "2.25." UID (the UUID-derived root) with 36 pseudo-random digits: 41 characters. */
function deterministicUID(key: string): string {
  const next = seededRandom(key);
  let digits = String(1 + Math.floor(next() * 9));
  while (digits.length < 36) digits += String(Math.floor(next() * 10));
  return `2.25.${digits}`;
}

/**
 * Names carry a tag of the series UID so two phantoms can share a folder. Shuffled series
 * get random names so that sorting by name cannot recover the acquisition order.
 */
function fileNamer(opts: ResolvedPhantomOptions): (frame: Frame) => string {
  const hex8 = (n: number) => n.toString(16).padStart(8, '0');
  if (!opts.shuffle) {
    const seriesTag = hex8(hashString(opts.seriesInstanceUID));
    return (frame) => `${seriesTag}-${String(frame.instanceNumber).padStart(4, '0')}.dcm`;
  }
  const next = seededRandom(`${opts.seed}|${opts.seriesInstanceUID}|names`);
  const used = new Set<string>();
  return () => {
    let name: string;
    do name = `${hex8(Math.floor(next() * 4294967296))}.dcm`;
    while (used.has(name));
    used.add(name);
    return name;
  };
}

function shuffleInPlace<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swapped = items[i]!;
    items[i] = items[j]!;
    items[j] = swapped;
  }
}
