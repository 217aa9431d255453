import { readDicomdirs } from '../../dicom/dicomdir';
import { FIRST_READ_BYTES } from '../../dicom/parse-header';
import { parseHeaderBatch } from '../../dicom/parse-header-batch';
import { sourcesWithHeads } from '../../sources/browser-files';
import type { SourceFile } from '../../sources/source-file';
import { archiveFromBlob } from '../../sources/zip/zip-entry';
import { zipEntrySource } from '../../sources/zip/zip-entry-source';
import type { HeaderBatchResult, HeaderInput } from '../ingest-worker-api';

/**
 * A header job in the worker: plain files have their heads read in one request; a zip entry's head
 * is read from its archive and inflated here, only as far as the header reaches. The DICOMDIRs among
 * the files are read for what they name (the page matches them against all the files).
 */
export async function parseHeaderInputs(inputs: HeaderInput[], inFlight: number): Promise<HeaderBatchResult> {
  const files = inputs.filter((input): input is File => input instanceof Blob);
  const sources: SourceFile[] = await sourcesWithHeads(files, FIRST_READ_BYTES);
  for (const input of inputs) {
    if (!(input instanceof Blob)) sources.push(zipEntrySource(archiveFromBlob(input.archive), input.entry));
  }
  const batch = await parseHeaderBatch(sources, inFlight);
  return { ...batch, dicomdirs: await readDicomdirs(batch.skipped, sources) };
}
