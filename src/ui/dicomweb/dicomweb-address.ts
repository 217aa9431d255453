/**
 * The page address as a DICOMweb link: `?dicomweb=ROOT` (an absolute URL, or a path on the app's
 * own origin), `&study=UID`, `&series=UID`, `&token=T`. The token is read once and taken out of the
 * address (it must not stay in the history, a bookmark or a screenshot of the address bar).
 */

export interface DicomWebLink {
  /** The server root, absolute, without a trailing slash. */
  root: string;
  study?: string;
  series?: string;
  token?: string;
}

export interface ReadLink {
  /** null: the address names no server. */
  link: DicomWebLink | null;
  /** What is wrong with the link, in words (the link is null then). */
  error?: string;
  /** The address without the token, when it had one (for history.replaceState). */
  withoutToken?: string;
}

/** A DICOM UID: digits and dots, at most 64 characters (PS3.5 9.1). */
const UID = /^[0-9]+(\.[0-9]+)*$/;

export function isDicomUid(value: string): boolean {
  return value.length <= 64 && UID.test(value);
}

/**
 * The server root, absolute: a path is taken on `pageUrl`'s origin; only http(s) is accepted (a
 * `javascript:` or `file:` root would be something else than a server).
 */
export function resolveServerRoot(input: string, pageUrl: string): string {
  const trimmed = input.trim();
  if (trimmed === '') throw new Error('no DICOMweb server given');
  let url: URL;
  try {
    url = trimmed.startsWith('/') && !trimmed.startsWith('//') ? new URL(trimmed, pageUrl) : new URL(trimmed);
  } catch {
    throw new Error(`"${trimmed}" is neither an http(s) URL nor a path on this site (such as /dicom-web)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`a DICOMweb server is reached over http(s), not ${url.protocol} ("${trimmed}")`);
  }
  if (url.username || url.password) throw new Error('put credentials in the sign-in form, not in the server address');
  url.hash = '';
  return url.href.replace(/\/+$/, '');
}

/** Reads the link from the page address `href`. */
export function readDicomWebLink(href: string): ReadLink {
  const url = new URL(href);
  const params = url.searchParams;
  const token = params.get('token') ?? undefined;
  let withoutToken: string | undefined;
  if (params.has('token')) {
    params.delete('token');
    withoutToken = url.href;
  }
  const rawRoot = params.get('dicomweb');
  if (rawRoot === null) return { link: null, withoutToken };
  try {
    const root = resolveServerRoot(rawRoot, href);
    const link: DicomWebLink = { root };
    for (const key of ['study', 'series'] as const) {
      const value = params.get(key)?.trim();
      if (!value) continue;
      if (!isDicomUid(value)) throw new Error(`${key}=${JSON.stringify(value.slice(0, 80))} is not a DICOM UID`);
      link[key] = value;
    }
    if (link.series && !link.study) throw new Error('series= needs the study it belongs to (study=UID)');
    if (token) link.token = token;
    return { link, withoutToken };
  } catch (error) {
    return { link: null, error: `DICOMweb link: ${error instanceof Error ? error.message : String(error)}`, withoutToken };
  }
}

/** The address of the page showing `link` (no token): what a colleague can be sent. */
export function dicomWebLinkHref(pageUrl: string, link: Omit<DicomWebLink, 'token'>): string {
  const url = new URL(pageUrl);
  for (const key of ['dicomweb', 'study', 'series', 'token']) url.searchParams.delete(key);
  const origin = url.origin;
  url.searchParams.set('dicomweb', link.root.startsWith(`${origin}/`) ? link.root.slice(origin.length) : link.root);
  if (link.study) url.searchParams.set('study', link.study);
  if (link.series) url.searchParams.set('series', link.series);
  return url.href;
}
