import dcmjs from 'dcmjs';

/**
 * A DICOM Part 10 file writer for data sets this app generates (the CT phantom, the reader's warm-up
 * slice): a "naturalized" dcmjs data set (tag keywords as keys, `_vrMap` for VRs dcmjs cannot infer)
 * written as explicit VR little endian behind its file meta information. Browser-safe: Uint8Array only.
 */

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** This app's implementation root (a "2.25." UUID-derived UID), named in every file it writes. */
const IMPLEMENTATION_CLASS_UID = '2.25.196032458726373049516180316734602518547';

/** A data set by tag keyword; the meta header's SOP class and instance are taken from it. */
export interface Part10DataSet {
  SOPClassUID: string;
  SOPInstanceUID: string;
  [keyword: string]: unknown;
}

/**
 * `implementationVersionName`: what wrote the file (at most 16 characters), e.g. 'CTVIEWER_PHANTOM'.
 * With another `transferSyntaxUID` (an encapsulated one), the data set is still written as explicit VR
 * little endian, which is what every encapsulated syntax uses outside the pixel data.
 */
export function writePart10(
  dataSet: Part10DataSet,
  implementationVersionName: string,
  transferSyntaxUID = EXPLICIT_VR_LITTLE_ENDIAN,
): Uint8Array {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dict = new DicomDict(fileMeta(dataSet, implementationVersionName, transferSyntaxUID));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataSet);
  return new Uint8Array(dict.write());
}

/**
 * The preamble, "DICM" and file meta alone, for a data set of that SOP class and instance encoded in
 * `transferSyntaxUID` to follow as it is (a raw data set given its Part 10 wrapping).
 */
export function writeFileMeta(
  ids: Pick<Part10DataSet, 'SOPClassUID' | 'SOPInstanceUID'>,
  implementationVersionName: string,
  transferSyntaxUID: string,
): Uint8Array {
  const dict = new dcmjs.data.DicomDict(fileMeta(ids, implementationVersionName, transferSyntaxUID));
  dict.dict = {};
  return new Uint8Array(dict.write());
}

function fileMeta(
  { SOPClassUID, SOPInstanceUID }: Pick<Part10DataSet, 'SOPClassUID' | 'SOPInstanceUID'>,
  implementationVersionName: string,
  transferSyntaxUID: string,
): ReturnType<typeof dcmjs.data.DicomMetaDictionary.denaturalizeDataset> {
  return dcmjs.data.DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: SOPClassUID,
    MediaStorageSOPInstanceUID: SOPInstanceUID,
    TransferSyntaxUID: transferSyntaxUID,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: implementationVersionName,
  });
}

/** A number as a DS (decimal string) value: dcmjs would silently cut a longer DS string, so refuse instead. */
export function ds(x: number): string {
  const text = String(x);
  if (text.length > 16) throw new RangeError(`${x} does not fit a DICOM DS value`);
  return text;
}
