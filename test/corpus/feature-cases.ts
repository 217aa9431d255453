/**
 * Cases of features other changes add (issue 16 items 4, 5 and 7): raw data sets, multi-frame CT,
 * .zip archives and DICOMDIR.
 */
import { zipSync } from 'fflate';
import { parseHeader } from '../../src/dicom/parse-header';
import { sourceFromBytes } from '../../src/sources/source-file';
import { enhancedCt, legacyMultiFrameCt, readSlices } from '../helpers/multi-frame';
import { sharedCt } from '../helpers/shared-data';
import { writeDicomdir } from '../helpers/write-dicomdir';
import type { CaseFiles, CorpusCase } from './case-types';
import { rawDataSet, rawImplicitDataSet } from './dicom-bytes';
import { HEAD, PHANTOM } from './references';
import { HEAD_SLICES, head, phantom } from './series-sources';

/** The cut philips-head laid out the DICOMDIR way (DICOM/S201/IM0001…), with its DICOMDIR. */
async function headWithDicomdir(): Promise<CaseFiles> {
  const files = head().map((file, index) => ({ ...file, name: `DICOM/S201/IM${String(index + 1).padStart(4, '0')}` }));
  const images = await Promise.all(
    files.map(async (file) => {
      const parsed = await parseHeader(sourceFromBytes(file.name, file.bytes));
      if (!parsed.ok) throw new Error(`${file.name}: ${parsed.skipped.reason}`);
      return { fileId: file.name.split('/'), header: parsed.header };
    }),
  );
  return [{ name: 'DICOMDIR', bytes: writeDicomdir(images) }, ...files];
}

const headSlices = () => readSlices(sharedCt('philips-head'), HEAD_SLICES);

export const FEATURE_CASES: CorpusCase[] = [
  {
    id: 'raw-explicit-vr',
    description: 'a phantom as bare explicit VR little endian data sets: no preamble, no "DICM", no meta header',
    build: async () => phantom().map((file) => ({ ...file, bytes: rawDataSet(file.bytes) })),
    expect: { outcome: 'loads', reference: PHANTOM },
  },
  {
    id: 'raw-implicit-vr',
    description: 'a phantom as bare implicit VR little endian data sets, as GDCM and dcmtk read them',
    build: async () => phantom().map((file) => ({ ...file, bytes: rawImplicitDataSet(file.bytes) })),
    expect: { outcome: 'loads', reference: PHANTOM },
  },
  {
    id: 'enhanced-ct',
    description: 'the cut philips-head as one Enhanced CT file, per-frame positions in the functional groups',
    build: async () => [{ name: 'enhanced.dcm', bytes: enhancedCt(headSlices()) }],
    expect: { outcome: 'loads', reference: HEAD },
  },
  {
    id: 'legacy-multi-frame',
    description: 'the cut philips-head as one legacy multi-frame CT file (Grid Frame Offset Vector)',
    build: async () => [{ name: 'legacy.dcm', bytes: legacyMultiFrameCt(headSlices()) }],
    expect: { outcome: 'loads', reference: HEAD },
  },
  {
    id: 'zip',
    description: 'the cut philips-head in a .zip, in a nested folder',
    build: async () => [
      { name: 'head.zip', bytes: zipSync(Object.fromEntries(head().map((file) => [`study/CT/${file.name}`, file.bytes]))) },
    ],
    expect: { outcome: 'loads', reference: HEAD },
  },
  {
    id: 'dicomdir',
    description: 'the cut philips-head under DICOM/S201/ with a DICOMDIR naming its files',
    build: headWithDicomdir,
    expect: { outcome: 'loads', reference: HEAD },
  },
];
