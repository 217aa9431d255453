import type { SliceHeader } from './types';

/** Transfer syntaxes that always lose information, by name. */
const LOSSY_SYNTAXES: Record<string, string> = {
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS near-lossless',
  '1.2.840.10008.1.2.4.100': 'MPEG-2',
  '1.2.840.10008.1.2.4.101': 'MPEG-2',
  '1.2.840.10008.1.2.4.102': 'MPEG-4',
  '1.2.840.10008.1.2.4.103': 'MPEG-4',
  '1.2.840.10008.1.2.4.104': 'MPEG-4',
  '1.2.840.10008.1.2.4.105': 'MPEG-4',
  '1.2.840.10008.1.2.4.106': 'MPEG-4',
  '1.2.840.10008.1.2.4.107': 'HEVC',
  '1.2.840.10008.1.2.4.108': 'HEVC',
};
/** Transfer syntaxes that may be lossy or lossless: (0028,2110) says which. */
const MAYBE_LOSSY_SYNTAXES: Record<string, string> = {
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2',
  '1.2.840.10008.1.2.4.203': 'HTJ2K',
};
/** (0028,2114) Lossy Image Compression Method defined terms. */
const METHODS: Record<string, string> = {
  ISO_10918_1: 'JPEG',
  ISO_14495_1: 'JPEG-LS',
  ISO_15444_1: 'JPEG 2000',
  ISO_15444_15: 'HTJ2K',
  ISO_13818_2: 'MPEG-2',
  ISO_14496_10: 'MPEG-4 AVC',
  ISO_23008_2: 'HEVC',
};

export interface LossyTags {
  transferSyntaxUID: string;
  /** (0028,2110): '00' never lossy, '01' lossy at some point; '' when absent. */
  lossyImageCompression: string;
  /** (0028,2112), one per compression step. */
  ratios: number[];
  /** (0028,2114), one per compression step. */
  methods: string[];
}

/**
 * Words for what lossy compression a slice went through ("JPEG Baseline, ratio 10:1"), or null when
 * its values are the original ones as far as its header says. A slice once compressed lossily and
 * stored uncompressed since still counts (0028,2110 = 01): its values are not the scanner's.
 */
export function describeLossyCompression(tags: LossyTags): string | null {
  const lossyFlag = tags.lossyImageCompression.trim() === '01';
  const syntaxName = LOSSY_SYNTAXES[tags.transferSyntaxUID];
  const maybe = MAYBE_LOSSY_SYNTAXES[tags.transferSyntaxUID];
  if (!lossyFlag && !syntaxName && !(maybe && tags.lossyImageCompression.trim() === '')) return null;
  const method = tags.methods.map((m) => METHODS[m.trim()] ?? m.trim()).filter(Boolean);
  const name = method.length > 0 ? method.join(' then ') : (syntaxName ?? maybe ?? 'method not stated');
  const ratio = tags.ratios.length > 0 ? `, ratio ${tags.ratios.map((r) => `${r}:1`).join(' then ')}` : '';
  const certainty = lossyFlag || syntaxName ? '' : ' (possibly: the header does not say whether it is lossless)';
  return `${name}${ratio}${certainty}`;
}

/** The series warning for its lossy slices, or null when none is. */
export function lossySeriesWarning(slices: ReadonlyArray<Pick<SliceHeader, 'lossyCompression'>>): string | null {
  const lossy = slices.map((slice) => slice.lossyCompression).filter((text): text is string => text !== null);
  if (lossy.length === 0) return null;
  const kinds = [...new Set(lossy)].join('; ');
  const count = lossy.length === slices.length ? 'all images' : `${lossy.length} of ${slices.length} images`;
  return `lossy compressed (${kinds}), ${count}: values are not the original HU; not for measurements that need them`;
}
