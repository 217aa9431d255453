import { type Remote, transfer } from 'comlink';
import { sourceKey } from '../dicom/frame-headers';
import type { HeaderTree } from '../dicom/header-tree';
import type { SliceHeader } from '../dicom/types';
import type { WholeFileReader } from './ingest-client';
import type { IngestWorkerApi } from './ingest-worker-api';

/**
 * The whole header of the file holding `slice` (every frame of a multi-frame file shares it): its bytes
 * read here, as a chunk's are (a browser File, a zip entry, a DICOMweb instance), and moved to a worker
 * that parses them. A file that cannot be read, or is no DICOM, fails naming it.
 */
export async function readHeaderTreeOf(
  slice: SliceHeader,
  files: ReadonlyMap<string, WholeFileReader>,
  api: Remote<IngestWorkerApi>,
): Promise<HeaderTree> {
  const key = sourceKey(slice);
  const read = files.get(key);
  if (!read) throw new Error(`${key}: file is no longer available`);
  let bytes: ArrayBuffer;
  try {
    bytes = await read();
  } catch (error) {
    throw new Error(`${key}: could not be read (${error instanceof Error ? error.message : String(error)})`);
  }
  return api.readHeaderTree(transfer(bytes, [bytes]), key);
}
