/** A real Orthanc for a test file: started once, stopped (storage removed) in its afterAll. */
import { afterAll } from 'vitest';
import { type OrthancOptions, type OrthancServer, startOrthanc } from '../../scripts/dicomweb/orthanc';

export {
  type OrthancOptions,
  type OrthancServer,
  type UploadItem,
  type UploadResult,
  assertOrthancInstalled,
  basicAuthorization,
  freePort,
  startOrthanc,
} from '../../scripts/dicomweb/orthanc';

/**
 * Starts Orthanc now (in a beforeAll or at the top of a describe's setup) and stops it after the suite.
 * Fails, in words, when Debian's orthanc / orthanc-dicomweb are not installed.
 */
export async function orthancForSuite(options: OrthancOptions = {}): Promise<OrthancServer> {
  const server = await startOrthanc(options);
  afterAll(() => server.stop());
  return server;
}
