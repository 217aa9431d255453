/**
 * Cases of features other changes add (issue 16 items 4, 5 and 7): raw data sets, multi-frame CT,
 * .zip archives and DICOMDIR. Each is marked `pending` with its feature's name while that feature's
 * code is absent (`landed`), and the runners skip it then.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { parseHeader } from '../../src/dicom/parse-header';
import { sourceFromBytes } from '../../src/sources/source-file';
import { enhancedCt, legacyMultiFrameCt, readSlices } from '../helpers/multi-frame';
import { projectRoot, sharedCt } from '../helpers/shared-data';
import { writeDicomdir } from '../helpers/write-dicomdir';
import type { CaseFiles, CorpusCase } from './case-types';
import { rawDataSet, rawImplicitDataSet } from './dicom-bytes';
import { HEAD, PHANTOM } from './references';
import { HEAD_SLICES, head, phantom } from './series-sources';

/** Whether a feature's code has landed: its source file or folder exists. */
const landed = (path: string): boolean => existsSync(join(projectRoot, path));

/** A case left to the change that owns its feature until `path` exists. */
function pendingUntil(path: string, feature: string, item: Omit<CorpusCase, 'pending'>): CorpusCase {
  return landed(path) ? item : { ...item, pending: feature };
}

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
  pendingUntil('src/dicom/raw-dataset.ts', 'raw data sets without meta (src/dicom/raw-dataset.ts)', {
    id: 'raw-explicit-vr',
    description: 'a phantom as bare explicit VR little endian data sets: no preamble, no "DICM", no meta header',
    build: async () => phantom().map((file) => ({ ...file, bytes: rawDataSet(file.bytes) })),
    expect: { outcome: 'loads', reference: PHANTOM },
  }),
  pendingUntil('src/dicom/raw-dataset.ts', 'raw data sets without meta (src/dicom/raw-dataset.ts)', {
    id: 'raw-implicit-vr',
    description: 'a phantom as bare implicit VR little endian data sets, as GDCM and dcmtk read them',
    build: async () => phantom().map((file) => ({ ...file, bytes: rawImplicitDataSet(file.bytes) })),
    expect: { outcome: 'loads', reference: PHANTOM },
  }),
  pendingUntil('src/dicom/functional-groups.ts', 'Enhanced CT (src/dicom/functional-groups.ts)', {
    id: 'enhanced-ct',
    description: 'the cut philips-head as one Enhanced CT file, per-frame positions in the functional groups',
    build: async () => [{ name: 'enhanced.dcm', bytes: enhancedCt(headSlices()) }],
    expect: { outcome: 'loads', reference: HEAD },
  }),
  pendingUntil('src/dicom/functional-groups.ts', 'legacy multi-frame CT (src/dicom/functional-groups.ts)', {
    id: 'legacy-multi-frame',
    description: 'the cut philips-head as one legacy multi-frame CT file (Grid Frame Offset Vector)',
    build: async () => [{ name: 'legacy.dcm', bytes: legacyMultiFrameCt(headSlices()) }],
    expect: { outcome: 'loads', reference: HEAD },
  }),
  pendingUntil('src/sources/zip', '.zip archives (src/sources/zip)', {
    id: 'zip',
    description: 'the cut philips-head in a .zip, in a nested folder',
    build: async () => [
      { name: 'head.zip', bytes: zipSync(Object.fromEntries(head().map((file) => [`study/CT/${file.name}`, file.bytes]))) },
    ],
    expect: { outcome: 'loads', reference: HEAD },
  }),
  pendingUntil('src/dicom/dicomdir.ts', 'DICOMDIR (src/dicom/dicomdir.ts)', {
    id: 'dicomdir',
    description: 'the cut philips-head under DICOM/S201/ with a DICOMDIR naming its files',
    build: headWithDicomdir,
    expect: { outcome: 'loads', reference: HEAD },
  }),
];
