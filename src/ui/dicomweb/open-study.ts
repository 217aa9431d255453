import type { StudyIndexSummary } from '../../dicom/series-types';
import { loadDicomWebStudy } from '../../dicom/dicomweb-study';
import type { IngestClient, WholeFileReader } from '../../ingest/ingest-client';
import type { FileStreamer } from '../../sources/source-file';
import type { DicomWebConnection } from './dicomweb-connection';

/** How a load reads the study's instances: counted and cancellable (see StreamedSeries). */
export interface InstanceReads {
  wrap(readers: Map<string, WholeFileReader>): Map<string, WholeFileReader>;
  wrapStreamer(streamer: FileStreamer): FileStreamer;
}

/**
 * A study's series from their metadata (no pixel data yet), indexed by the ingest as local files
 * are; its instances are read later, through `reads`, when a series is built.
 */
export async function openStudyIndex(
  connection: DicomWebConnection,
  studyUid: string,
  ingest: IngestClient,
  reads: InstanceReads,
  onProgress?: (done: number, total: number) => void,
): Promise<StudyIndexSummary> {
  const study = await connection.run((client) => loadDicomWebStudy(client, studyUid, onProgress ? { onProgress } : {}));
  const readers = reads.wrap(study.readers);
  return ingest.indexKnownHeaders(study.headers, study.skipped, readers, study.total, reads.wrapStreamer(study.streamFiles));
}
