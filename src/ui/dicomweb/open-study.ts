import type { StudyIndexSummary } from '../../dicom/series-types';
import { loadDicomWebStudy } from '../../dicom/dicomweb-study';
import type { IngestClient, WholeFileReader } from '../../ingest/ingest-client';
import type { DicomWebConnection } from './dicomweb-connection';

/**
 * A study's series from their metadata (no pixel data yet), indexed by the ingest as local files
 * are; its instances are read later, through `wrap`'s readers, when a series is built.
 */
export async function openStudyIndex(
  connection: DicomWebConnection,
  studyUid: string,
  ingest: IngestClient,
  wrap: (readers: Map<string, WholeFileReader>) => Map<string, WholeFileReader>,
  onProgress?: (done: number, total: number) => void,
): Promise<StudyIndexSummary> {
  const study = await connection.run((client) => loadDicomWebStudy(client, studyUid, onProgress ? { onProgress } : {}));
  return ingest.indexKnownHeaders(study.headers, study.skipped, wrap(study.readers), study.total);
}
