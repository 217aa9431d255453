import { DicomWebClient, DicomWebError, type DicomWebAuth } from '../../sources/dicomweb/dicomweb-client';
import type { CredentialsRequest } from './auth-prompt';

export type CredentialsPrompt = (request: CredentialsRequest) => Promise<DicomWebAuth | null>;

/**
 * One DICOMweb server and the credentials that open it. A request the server refuses for want of
 * credentials (401; or 403 to a request that carried none: a bearer check in front of a server can
 * only refuse) asks the user for them, then runs again; cancelling gives the server's refusal back.
 */
export class DicomWebConnection {
  private client: DicomWebClient;
  /** The challenge of the last refusal (WWW-Authenticate, renamed by the proxy to keep the browser's dialog away). */
  private challenge: string | null = null;

  constructor(
    readonly root: string,
    private auth: DicomWebAuth | undefined,
    private readonly ask: CredentialsPrompt,
  ) {
    this.client = this.clientFor(auth);
  }

  /** The client with the credentials accepted so far (for readers that run later, outside `run`). */
  get current(): DicomWebClient {
    return this.client;
  }

  /** Runs `request`, asking for credentials and running it again as long as the server wants them. */
  async run<T>(request: (client: DicomWebClient) => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await request(this.client);
      } catch (error) {
        if (!this.wantsCredentials(error)) throw error;
        const scheme = /^\s*basic/i.test(this.challenge ?? '')
          ? 'basic'
          : /^\s*bearer/i.test(this.challenge ?? '')
            ? 'bearer'
            : null;
        const auth = await this.ask({ root: this.root, scheme, refused: this.auth !== undefined });
        if (!auth) throw error;
        this.auth = auth;
        this.client = this.clientFor(auth);
      }
    }
  }

  private wantsCredentials(error: unknown): boolean {
    if (!(error instanceof DicomWebError)) return false;
    return error.kind === 'unauthorized' || (error.kind === 'forbidden' && this.auth === undefined);
  }

  private clientFor(auth: DicomWebAuth | undefined): DicomWebClient {
    const remember = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const response = await fetch(input, init);
      if (response.status === 401 || response.status === 403) {
        this.challenge = response.headers.get('x-dicomweb-authenticate') ?? response.headers.get('www-authenticate');
      }
      return response;
    };
    return new DicomWebClient({ root: this.root, ...(auth ? { auth } : {}), fetch: remember });
  }
}
