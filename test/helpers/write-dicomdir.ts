/**
 * Writes a real DICOMDIR (PS3.10 File-set directory, PS3.3 F.3) over a folder of Part 10 files laid
 * out the DICOMDIR way: PATIENT → STUDY → SERIES → IMAGE records, each IMAGE naming its file by
 * ReferencedFileID, with the record offsets filled in (dcmjs writes the data set, the offsets are
 * then patched into it where dicom-parser finds each record). No dcmtk needed.
 */
import dcmjs from 'dcmjs';
import dicomParser from 'dicom-parser';
import { DICOMDIR_SOP_CLASS } from '../../src/dicom/dicomdir';
import type { SliceHeader } from '../../src/dicom/types';

export interface DicomdirImage {
  /** File ID components, e.g. ['DICOM', 'S201', 'IM0001'] (upper case, ≤ 8 characters each). */
  fileId: string[];
  header: SliceHeader;
}

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const OFFSET_TAGS = { next: 'x00041400', lower: 'x00041420' } as const;

/** One patient, study and series per distinct UID, in the order the images come. */
export function writeDicomdir(images: DicomdirImage[]): Uint8Array {
  const records: Array<Record<string, unknown>> = [];
  /** Per record: the index of the next record on its level, and of its first child (-1: none). */
  const links: Array<{ next: number; lower: number }> = [];
  const lastChild = new Map<number, number>();
  const add = (parent: number, record: Record<string, unknown>): number => {
    const index = records.length;
    records.push({
      OffsetOfTheNextDirectoryRecord: 0,
      RecordInUseFlag: 0xffff,
      OffsetOfReferencedLowerLevelDirectoryEntity: 0,
      ...record,
      _vrMap: { OffsetOfTheNextDirectoryRecord: 'UL', OffsetOfReferencedLowerLevelDirectoryEntity: 'UL' },
    });
    links.push({ next: -1, lower: -1 });
    const previous = lastChild.get(parent);
    if (previous === undefined) {
      if (parent >= 0) links[parent]!.lower = index;
    } else links[previous]!.next = index;
    lastChild.set(parent, index);
    return index;
  };
  const patients = new Map<string, number>();
  const studies = new Map<string, number>();
  const series = new Map<string, number>();
  for (const { fileId, header } of images) {
    let patient = patients.get(header.patientId);
    if (patient === undefined) {
      patient = add(-1, { DirectoryRecordType: 'PATIENT', PatientName: header.patientName, PatientID: header.patientId });
      patients.set(header.patientId, patient);
    }
    let study = studies.get(header.studyInstanceUID);
    if (study === undefined) {
      study = add(patient, {
        DirectoryRecordType: 'STUDY',
        StudyDate: header.studyDate,
        StudyTime: '',
        StudyDescription: header.studyDescription,
        StudyInstanceUID: header.studyInstanceUID,
        StudyID: '',
        AccessionNumber: '',
      });
      studies.set(header.studyInstanceUID, study);
    }
    let seriesRecord = series.get(header.seriesInstanceUID);
    if (seriesRecord === undefined) {
      seriesRecord = add(study, {
        DirectoryRecordType: 'SERIES',
        Modality: header.modality,
        SeriesInstanceUID: header.seriesInstanceUID,
        SeriesNumber: header.seriesNumber ?? 0,
      });
      series.set(header.seriesInstanceUID, seriesRecord);
    }
    add(seriesRecord, {
      DirectoryRecordType: 'IMAGE',
      ReferencedFileID: fileId,
      ReferencedSOPClassUIDInFile: header.sopClassUID,
      ReferencedSOPInstanceUIDInFile: header.sopInstanceUID,
      ReferencedTransferSyntaxUIDInFile: header.transferSyntaxUID,
      InstanceNumber: header.instanceNumber ?? 0,
    });
  }
  const roots = records
    .map((_, index) => index)
    .filter((index) => !links.some((link) => link.lower === index || link.next === index));
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dict = new DicomDict(
    DicomMetaDictionary.denaturalizeDataset({
      FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
      MediaStorageSOPClassUID: DICOMDIR_SOP_CLASS,
      MediaStorageSOPInstanceUID: `2.25.${BigInt(`0x${[...crypto.getRandomValues(new Uint8Array(15))].map((b) => b.toString(16).padStart(2, '0')).join('')}`)}`,
      TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
      ImplementationClassUID: '2.25.196032458726373049516180316734602518547',
      ImplementationVersionName: 'CTVIEWER_TEST',
    }),
  );
  dict.dict = DicomMetaDictionary.denaturalizeDataset({
    FileSetID: 'CTVIEWER',
    OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity: 0,
    OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity: 0,
    FileSetConsistencyFlag: 0,
    DirectoryRecordSequence: records,
    _vrMap: {
      OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity: 'UL',
      OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity: 'UL',
    },
  });
  const bytes = new Uint8Array(dict.write());
  // Offsets count from the first byte of the file (the preamble) to a record's item tag.
  const dataSet = dicomParser.parseDicom(bytes);
  const items = dataSet.elements['x00041220']!.items!;
  if (items.length !== records.length) throw new Error('DICOMDIR records were not written one item each');
  const at = (index: number) => items[index]!.dataOffset - 8;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const put = (element: dicomParser.Element | undefined, value: number) => {
    if (!element || element.length !== 4) throw new Error(`DICOMDIR offset element ${element?.tag} is not a UL`);
    view.setUint32(element.dataOffset, value, true);
  };
  put(dataSet.elements['x00041200'], at(roots[0]!));
  put(dataSet.elements['x00041202'], at(roots[roots.length - 1]!));
  links.forEach((link, index) => {
    const item = items[index]!.dataSet!;
    if (link.next >= 0) put(item.elements[OFFSET_TAGS.next], at(link.next));
    if (link.lower >= 0) put(item.elements[OFFSET_TAGS.lower], at(link.lower));
  });
  return bytes;
}
