/** A failed DICOMweb request in words: what was being done, on which server, and what to do about it. */
import { DicomWebError, isAbort, networkCause } from './dicomweb-error';

export function fetchFailure(root: string, error: unknown, url: string, what: string, signal?: AbortSignal): DicomWebError {
  if (isAbort(error, signal)) return new DicomWebError('aborted', `${what} on ${root}: cancelled`, url);
  if (crossOriginInBrowser(url)) {
    return new DicomWebError(
      'blocked',
      `${what}: the browser could not reach ${root} or blocked its answer. If the server is up, it does not allow ` +
        'this page: serve it through the app (DICOMWEB_PROXY=<server root> with npm start / npm run preview, then ' +
        '?dicomweb=/dicom-web), or have it send CORS headers (Access-Control-Allow-Origin for this origin, ' +
        'Access-Control-Allow-Headers: Authorization) and Cross-Origin-Resource-Policy: cross-origin',
      url,
    );
  }
  return new DicomWebError('unreachable', `cannot reach ${root} (${what}): ${networkCause(error)}`, url);
}

export function statusFailure(
  root: string,
  withCredentials: boolean,
  response: Response,
  url: string,
  { what, missing }: { what: string; missing: string },
  detail: string,
): DicomWebError {
  const status = response.status;
  const said = serverWords(detail);
  const statusText = `${status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (status === 401) {
    const words = withCredentials
      ? 'refused the credentials given'
      : 'asks for credentials (a bearer token or user and password)';
    return new DicomWebError('unauthorized', `${root} ${words} (401) when ${what}`, url, status);
  }
  if (status === 403) {
    const words = withCredentials ? 'refused access with the credentials given' : 'refused access without credentials';
    return new DicomWebError('forbidden', `${root} ${words} (403) when ${what}`, url, status);
  }
  if (status === 404) return new DicomWebError('not-found', `${missing} on ${root} (404)${said}`, url, status);
  return new DicomWebError('server', `${root} answered ${statusText} when ${what}${said}`, url, status);
}

/** A short excerpt of the server's own words (its JSON Message, or its text), for the error message. */
function serverWords(detail: string): string {
  let text = detail.trim();
  try {
    const parsed = JSON.parse(text) as { Message?: unknown; message?: unknown };
    const message = parsed.Message ?? parsed.message;
    if (typeof message === 'string') text = message;
  } catch {
    // not JSON: its text, if short and readable
  }
  text = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return '';
  return `: "${text.length > 160 ? `${text.slice(0, 160)}…` : text}"`;
}

function crossOriginInBrowser(url: string): boolean {
  // Node has no location; a page and its workers do.
  const page = (globalThis as { location?: { origin?: string } }).location;
  if (!page?.origin) return false;
  try {
    return new URL(url).origin !== page.origin;
  } catch {
    return false;
  }
}
