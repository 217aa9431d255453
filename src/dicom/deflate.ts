import { inflateSync } from 'fflate';

/** Deflated Explicit VR Little Endian: the data set after the meta header is one raw DEFLATE stream. */
export const DEFLATED_SYNTAX = '1.2.840.10008.1.2.1.99';

/**
 * dicom-parser's `inflater` option: the bytes up to `position` (preamble and meta header) as they
 * are, the deflated data set inflated after them; element offsets then refer to the array returned.
 * Throws on a truncated or corrupt stream (a header read of a file's first bytes only asks for more).
 */
export function inflateDataSet(byteArray: Uint8Array, position: number): Uint8Array {
  const inflated = inflateSync(byteArray.subarray(position));
  const whole = new Uint8Array(position + inflated.length);
  whole.set(byteArray.subarray(0, position));
  whole.set(inflated, position);
  return whole;
}
