/**
 * A raw data set: a file that is a DICOM data set without the Part 10 wrapping (no 128-byte preamble,
 * no "DICM", no file meta), as ACR-NEMA-era archives and some modality exports write it. dcmtk, GDCM
 * and dcm2niix read them; here they are told apart from other files by their first element, the way
 * dcmtk does: a tag of a standard group in little endian order, then either a valid VR (explicit VR)
 * or a 32-bit length that fits the file (implicit VR).
 */

export const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** The groups a CT data set starts with when it has no file meta (identification, patient, acquisition…). */
const FIRST_GROUPS = new Set([0x0008, 0x0010, 0x0018, 0x0020, 0x0028]);
const VRS = new Set(
  'AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '),
);

/** The transfer syntax of a raw data set starting with `bytes`, or null when the bytes do not start one. */
export function rawDataSetSyntax(bytes: Uint8Array, size: number): string | null {
  if (bytes.length < 12) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const group = view.getUint16(0, true);
  if (!FIRST_GROUPS.has(group)) return null;
  const vr = String.fromCharCode(bytes[4]!, bytes[5]!);
  if (VRS.has(vr)) return EXPLICIT_VR_LITTLE_ENDIAN;
  const length = view.getUint32(4, true);
  // A first element longer than the file, or with an undefined length (only a sequence may have one, and
  // no standard CT data set starts with a sequence), is not the start of a data set.
  if (length === 0xffffffff || 8 + length > size) return null;
  // The next element, when the first one's value is in these bytes, must be of the same or a later group.
  const next = 8 + length;
  if (next + 2 <= bytes.length && view.getUint16(next, true) < group) return null;
  return IMPLICIT_VR_LITTLE_ENDIAN;
}
