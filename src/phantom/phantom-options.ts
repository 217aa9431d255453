import { roundMm } from './ds-rounding';
import { deterministicUID } from './phantom-random';

/** What a generated phantom series looks like; every option has a default (resolveOptions). */
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
  /** Adds the thin oblique rod of phantom-model.ts (ROD_*), for slab tests; off by default. */
  rod?: boolean;
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

/** The stored values a 16-bit pixel can hold. */
export const storedRange = (unsigned: boolean): [number, number] => (unsigned ? [0, 65535] : [-32768, 32767]);

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

/** Options with their defaults filled in and checked; geometry numbers rounded to what DS can hold. */
export function resolveOptions(o: PhantomOptions): ResolvedPhantomOptions {
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
    rod: o.rod ?? false,
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
