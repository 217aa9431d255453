/**
 * Cases of one slice (or every slice) whose header or pixel data is broken: it is listed apart with
 * its reason and the rest built as without it, or, when every slice is broken, nothing is built.
 */
import { withElements, withShortPixelData, withEmptyEncapsulatedPixelData } from '../helpers/edit-dicom';
import type { CorpusCase } from './case-types';
import { subsampledPixels, withPixelData, withoutPixelData } from './dicom-bytes';
import { HEAD_WITHOUT_EDITED } from './references';
import { EDITED, ascii, head, headWith } from './series-sources';

type Elements = Parameters<typeof withElements>[1];
const us = (value: number) => Uint8Array.of(value & 0xff, value >> 8);
const text = (vr: string, value: string) => ({ vr, value: ascii(value) });

/** A case whose edited I150 is skipped with `reason` and the rest builds as without it. */
function oneSlice(id: string, description: string, edit: (bytes: Uint8Array) => Uint8Array, reason: RegExp): CorpusCase {
  return {
    id,
    description,
    build: async () => headWith(EDITED, edit),
    expect: { outcome: 'skipped', file: EDITED, reason, reference: HEAD_WITHOUT_EDITED },
  };
}

/** A case whose every slice has `elements`: nothing is built, and the words name a file with `reason`. */
function everySlice(id: string, description: string, elements: Elements, reason: RegExp): CorpusCase {
  return {
    id,
    description,
    build: async () => head((file) => ({ ...file, bytes: withElements(file.bytes, elements) })),
    expect: { outcome: 'refused', message: new RegExp(`I1[1-8]0: ${reason.source}`) },
  };
}

const IOP_60 = { '00200037': text('DS', '1\\0\\0\\0.5\\0.866025\\0') };
const IOP_60_REASON = /ImageOrientationPatient row and column directions are 60\.0° apart, not perpendicular/;
const SPACING_NEGATIVE = { '00280030': text('DS', '-0.45\\-0.45') };
const SPACING_NEGATIVE_REASON = /PixelSpacing -0\.45\\-0\.45 is not positive: the grid would be mirrored/;
const SPACING_ZERO = { '00280030': text('DS', '0\\0') };
const SPACING_ZERO_REASON = /PixelSpacing 0\\0 is not positive: the grid would be empty/;
const HUGE = { '00280010': { vr: 'US', value: us(65535) }, '00280011': { vr: 'US', value: us(65535) } };
const HUGE_REASON = /pixel data holds 524288 bytes, 65535 × 65535 × 16 bits needs 8589672450/;
const FRAMES = { '00280008': text('IS', '100000') };
const FRAMES_REASON = /pixel data holds 524288 bytes, 512 × 512 × 16 bits × 100000 frames needs 52428800000/;

export const SLICE_CASES: CorpusCase[] = [
  oneSlice(
    'short-pixel-data',
    'one slice whose pixel data holds 1000 bytes of the 524288 it needs',
    (bytes) => withShortPixelData(bytes, 1000),
    /pixel data holds 1000 bytes, 512 × 512 × 16 bits needs 524288/,
  ),
  oneSlice(
    'empty-encapsulated-pixel-data',
    'one slice claiming JPEG Lossless whose encapsulated pixel data holds no fragment (found only when read)',
    withEmptyEncapsulatedPixelData,
    /compressed pixel data holds no fragment/,
  ),
  oneSlice(
    'cut-in-pixel-data',
    'one slice cut 100000 bytes before its end',
    (bytes) => bytes.slice(0, bytes.length - 100_000),
    /truncated: pixel data needs \d+ bytes, the file has \d+/,
  ),
  oneSlice(
    'missing-pixel-data',
    'one slice whose file ends before its pixel data element',
    withoutPixelData,
    /truncated or malformed: an image header without pixel data/,
  ),
  oneSlice('iop-60-one', 'one slice whose row and column cosines are 60° apart', (b) => withElements(b, IOP_60), IOP_60_REASON),
  everySlice('iop-60-all', 'every slice with row and column cosines 60° apart', IOP_60, IOP_60_REASON),
  oneSlice(
    'iop-length-2-one',
    'one slice whose row direction cosine has length 2',
    (b) => withElements(b, { '00200037': text('DS', '2\\0\\0\\0\\1\\0') }),
    /ImageOrientationPatient row direction has length 2\.000, not 1/,
  ),
  oneSlice(
    'spacing-negative-one',
    'one slice with PixelSpacing -0.45\\-0.45',
    (b) => withElements(b, SPACING_NEGATIVE),
    SPACING_NEGATIVE_REASON,
  ),
  everySlice('spacing-negative-all', 'every slice with PixelSpacing -0.45\\-0.45', SPACING_NEGATIVE, SPACING_NEGATIVE_REASON),
  oneSlice('spacing-zero-one', 'one slice with PixelSpacing 0\\0', (b) => withElements(b, SPACING_ZERO), SPACING_ZERO_REASON),
  everySlice('spacing-zero-all', 'every slice with PixelSpacing 0\\0', SPACING_ZERO, SPACING_ZERO_REASON),
  oneSlice(
    'no-position-one',
    'one slice whose ImagePositionPatient is empty',
    (b) => withElements(b, { '00200032': { vr: 'DS', value: new Uint8Array(0) } }),
    /no ImagePositionPatient: its place in the stack is unknown/,
  ),
  oneSlice(
    'rows-columns-65535-one',
    'one slice claiming 65535 × 65535 with 512 × 512 pixel data',
    (b) => withElements(b, HUGE),
    HUGE_REASON,
  ),
  everySlice('rows-columns-65535-all', 'every slice claiming 65535 × 65535 with 512 × 512 pixel data', HUGE, HUGE_REASON),
  oneSlice(
    'frames-100000-one',
    'one single-frame slice claiming NumberOfFrames 100000',
    (b) => withElements(b, FRAMES),
    FRAMES_REASON,
  ),
  everySlice('frames-100000-all', 'every single-frame slice claiming NumberOfFrames 100000', FRAMES, FRAMES_REASON),
  oneSlice(
    'rescale-slope-zero-one',
    'one slice with RescaleSlope 0 (every pixel would be the intercept)',
    (b) => withElements(b, { '00281053': text('DS', '0') }),
    // Caught when its decoded values are checked against its stored ones.
    /decoded pixels disagree with the file's own: pixel values disagree with the modality LUT \(slope 0, intercept -1024\)/,
  ),
  oneSlice(
    'rescale-slope-nan-one',
    'one slice whose RescaleSlope is the text "NaN" (its HU are unknown, not slope 1)',
    (b) => withElements(b, { '00281053': text('DS', 'NaN') }),
    /RescaleSlope/,
  ),
  {
    id: 'size-256-in-512',
    description: 'one slice of 256 × 256 (same place, twice the spacing) in a 512 × 512 series',
    build: async () =>
      headWith(EDITED, (bytes) => {
        const { pixels, rows, columns } = subsampledPixels(bytes, 2);
        return withElements(withPixelData(bytes, pixels), {
          '00280010': { vr: 'US', value: us(rows) },
          '00280011': { vr: 'US', value: us(columns) },
          '00280030': text('DS', '0.902344\\0.902344'),
        });
      }),
    expect: {
      outcome: 'loads-with-warning',
      warning: /series UID holds 2 groups of different size or orientation; listed apart/,
      reference: HEAD_WITHOUT_EDITED,
    },
  },
];
