/** Why a DICOMweb request failed, in words that name the request and say what to do. */
export type DicomWebErrorKind =
  'unreachable' | 'unauthorized' | 'forbidden' | 'not-found' | 'blocked' | 'malformed' | 'server' | 'aborted';

export class DicomWebError extends Error {
  override readonly name = 'DicomWebError';

  constructor(
    readonly kind: DicomWebErrorKind,
    message: string,
    /** The request's URL (no credentials: those travel in headers). */
    readonly url: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Words for what a fetch TypeError's cause says (Node puts the socket error there). */
export function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  const code = cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (is the server running?)';
  if (code === 'ENOTFOUND') return 'host not found';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the server closed the connection';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'connection timed out';
  const text = cause?.message ?? (error instanceof Error ? error.message : String(error));
  return text === 'fetch failed' || text === 'Failed to fetch' ? 'network error' : text;
}

export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (error instanceof Error && error.name === 'AbortError');
}
