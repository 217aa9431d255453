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

/** `implementationVersionName`: what wrote the file (at most 16 characters), e.g. 'CTVIEWER_PHANTOM'. */
export function writePart10(dataSet: Part10DataSet, implementationVersionName: string): Uint8Array {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataSet.SOPClassUID,
    MediaStorageSOPInstanceUID: dataSet.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: implementationVersionName,
  });
  const dict = new DicomDict(meta);
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataSet);
  return new Uint8Array(dict.write());
}

/** A number as a DS (decimal string) value: dcmjs would silently cut a longer DS string, so refuse instead. */
export function ds(x: number): string {
  const text = String(x);
  if (text.length > 16) throw new RangeError(`${x} does not fit a DICOM DS value`);
  return text;
}
