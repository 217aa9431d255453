/**
 * QIDO-RS and WADO-RS over fetch: the same code in Node (CLI, tests) and in the browser (under COEP),
 * with AbortSignal, and errors that name the request. dicomweb-client is XMLHttpRequest-based (not in
 * Node 20), takes no AbortSignal and rejects with a bare "request failed": hence fetch here.
 */
import type { DicomJson } from './dicom-json';
import { DicomWebError, isAbort, networkCause } from './dicomweb-error';
import { fetchFailure, statusFailure } from './request-failure';
import { MultipartError, type MultipartPart, multipartBoundary, parseMultipart } from './multipart';
import { streamMultipart } from './multipart-stream';
import { RequestLimit } from './request-limit';

export { DicomWebError } from './dicomweb-error';
export type { DicomWebErrorKind } from './dicomweb-error';
export type { DicomJson, DicomJsonAttribute } from './dicom-json';

export type DicomWebAuth = { kind: 'bearer'; token: string } | { kind: 'basic'; user: string; password: string };

export interface StudyQuery {
  /** Matched as a prefix unless it holds a wildcard (* or ?) of its own. */
  patientName?: string;
  patientId?: string;
  /** YYYYMMDD or YYYY-MM-DD; either end of the range may be left open. */
  dateFrom?: string;
  dateTo?: string;
  modality?: string;
  accession?: string;
  limit?: number;
  offset?: number;
}

export interface DicomWebClientOptions {
  /** The service root, e.g. http://host:8042/dicom-web; in the browser a path on the page's origin also works. */
  root: string;
  auth?: DicomWebAuth;
  fetch?: typeof fetch;
  /** Instance retrievals at once (default 6, a browser's connections per host); the rest wait in order. */
  retrievalsInFlight?: number;
}

/** Study attributes a worklist shows, asked for explicitly: a server returns only some by default. */
const STUDY_FIELDS = ['00081030', '00080061', '00201206', '00201208', '00080050', '00100010', '00100020', '00080020'];
const SERIES_FIELDS = ['0008103E', '00200011', '00080060', '00201209', '00080021'];
const DICOM_JSON = 'application/dicom+json, application/json;q=0.9';
const PART10 = 'multipart/related; type="application/dicom"; transfer-syntax=*';

type Body = 'json' | 'bytes';
/** What a request does, in words, and what is missing when the server answers 404. */
interface Purpose {
  what: string;
  missing: string;
}
interface Answer<T> {
  value: T;
  response: Response;
}

export class DicomWebClient {
  /** The root without its trailing slash, absolute. */
  readonly root: string;
  private readonly authorization: string | null;
  private readonly fetcher: typeof fetch;
  private readonly retrievals: RequestLimit;

  constructor(options: DicomWebClientOptions) {
    this.root = absoluteRoot(options.root);
    this.authorization = options.auth ? authorizationHeader(options.auth) : null;
    this.fetcher = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.retrievals = new RequestLimit(Math.max(1, options.retrievalsInFlight ?? 6));
  }

  /** QIDO-RS /studies, with the fields a worklist shows. */
  async searchStudies(query: StudyQuery = {}, signal?: AbortSignal): Promise<DicomJson[]> {
    const params = new URLSearchParams();
    if (query.patientName?.trim()) params.set('PatientName', prefixMatch(query.patientName.trim()));
    if (query.patientId?.trim()) params.set('PatientID', query.patientId.trim());
    const range = dateRange(query.dateFrom, query.dateTo);
    if (range) params.set('StudyDate', range);
    if (query.modality?.trim()) params.set('ModalitiesInStudy', query.modality.trim());
    if (query.accession?.trim()) params.set('AccessionNumber', query.accession.trim());
    if (query.limit !== undefined) params.set('limit', String(Math.max(0, Math.floor(query.limit))));
    if (query.offset !== undefined) params.set('offset', String(Math.max(0, Math.floor(query.offset))));
    for (const field of STUDY_FIELDS) params.append('includefield', field);
    return this.jsonList(
      `/studies?${params}`,
      { what: 'searching studies', missing: 'no study search (QIDO-RS /studies)' },
      signal,
    );
  }

  /** QIDO-RS series of one study ([] when the server holds none under that UID). */
  async searchSeries(studyUid: string, signal?: AbortSignal): Promise<DicomJson[]> {
    const params = new URLSearchParams();
    for (const field of SERIES_FIELDS) params.append('includefield', field);
    const purpose = { what: `listing the series of study ${studyUid}`, missing: `study ${studyUid} not found` };
    return this.jsonList(`/studies/${uid(studyUid)}/series?${params}`, purpose, signal);
  }

  /** WADO-RS metadata of every instance of a series. */
  async seriesMetadata(studyUid: string, seriesUid: string, signal?: AbortSignal): Promise<DicomJson[]> {
    return this.jsonList(
      `/studies/${uid(studyUid)}/series/${uid(seriesUid)}/metadata`,
      {
        what: `reading the metadata of series ${seriesUid} (study ${studyUid})`,
        missing: `series ${seriesUid} of study ${studyUid} not found`,
      },
      signal,
    );
  }

  /** WADO-RS one instance as a Part 10 file, in the transfer syntax it is stored in. */
  async retrieveInstance(studyUid: string, seriesUid: string, sopUid: string, signal?: AbortSignal): Promise<ArrayBuffer> {
    const path = `/studies/${uid(studyUid)}/series/${uid(seriesUid)}/instances/${uid(sopUid)}`;
    const what = `retrieving instance ${sopUid}`;
    const purpose = { what, missing: `instance ${sopUid} of series ${seriesUid} (study ${studyUid}) not found` };
    let answer: Answer<Uint8Array>;
    try {
      answer = await this.retrievals.run(() => this.request(path, PART10, 'bytes', purpose, signal), signal);
    } catch (error) {
      if (error instanceof DicomWebError) throw error;
      throw new DicomWebError('aborted', `${what} on ${this.root}: cancelled`, this.root + path);
    }
    const { value: message, response } = answer;
    const url = response.url || this.root + path;
    const malformed = (problem: string) =>
      new DicomWebError('malformed', `${what} from ${this.root}: ${problem}`, url, response.status);
    const boundary = multipartBoundary(response.headers.get('content-type'));
    if (!boundary) throw malformed(notMultipart(response, message.byteLength));
    let parts;
    try {
      parts = parseMultipart(message, boundary);
    } catch (error) {
      if (error instanceof MultipartError) throw malformed(error.message);
      throw error;
    }
    const part = parts[0];
    if (!part) throw malformed('the answer holds no part');
    const problem = part10Problem(part);
    if (problem) throw malformed(problem);
    // The file alone, in a buffer of its own: it is transferred to a worker.
    return part.body.buffer.slice(part.body.byteOffset, part.body.byteOffset + part.body.byteLength) as ArrayBuffer;
  }

  /**
   * WADO-RS a whole series as stored, in one answer: its instances' Part 10 files, each in a buffer of
   * its own, as they arrive and in the server's order. One request instead of one per instance (a
   * browser spends milliseconds on each); the answer holds one of the places of `retrievalsInFlight`
   * until it is read to its end or the caller stops. A part that is not a DICOM file fails the rest
   * as malformed; a connection lost mid-answer, as unreachable.
   */
  async retrieveSeries(studyUid: string, seriesUid: string, signal?: AbortSignal): Promise<AsyncGenerator<ArrayBuffer>> {
    const path = `/studies/${uid(studyUid)}/series/${uid(seriesUid)}`;
    const what = `retrieving series ${seriesUid}`;
    const purpose = { what, missing: `series ${seriesUid} of study ${studyUid} not found` };
    let release: () => void;
    try {
      release = await this.retrievals.acquire(signal);
    } catch {
      throw new DicomWebError('aborted', `${what} on ${this.root}: cancelled`, this.root + path);
    }
    let response: Response;
    try {
      response = await this.respond(path, PART10, purpose, signal);
    } catch (error) {
      release();
      throw error;
    }
    const url = response.url || this.root + path;
    const malformed = (problem: string) =>
      new DicomWebError('malformed', `${what} from ${this.root}: ${problem}`, url, response.status);
    const boundary = multipartBoundary(response.headers.get('content-type'));
    if (!boundary || !response.body) {
      release();
      await response.body?.cancel().catch(() => undefined);
      throw malformed(notMultipart(response, null));
    }
    const root = this.root;
    const parts = streamMultipart(response.body, boundary);
    return (async function* files() {
      try {
        for (;;) {
          let next: IteratorResult<MultipartPart>;
          try {
            next = await parts.next();
          } catch (error) {
            if (error instanceof MultipartError) throw malformed(error.message);
            if (isAbort(error, signal)) throw new DicomWebError('aborted', `${what} on ${root}: cancelled`, url);
            throw new DicomWebError(
              'unreachable',
              `${what}: the connection to ${root} was lost mid-answer (${networkCause(error)})`,
              url,
            );
          }
          if (next.done) return;
          const problem = part10Problem(next.value);
          if (problem) throw malformed(problem);
          yield next.value.body.buffer as ArrayBuffer;
        }
      } finally {
        await parts.return(undefined);
        release();
      }
    })();
  }

  private async jsonList(path: string, purpose: Purpose, signal?: AbortSignal): Promise<DicomJson[]> {
    const { value, response } = await this.request(path, DICOM_JSON, 'json', purpose, signal);
    const { what } = purpose;
    if (value === null) return [];
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'object' || item === null || Array.isArray(item))) {
      throw new DicomWebError(
        'malformed',
        `${what} on ${this.root}: the answer is not a DICOM JSON array`,
        response.url,
        response.status,
      );
    }
    return value as DicomJson[];
  }

  private async request(
    path: string,
    accept: string,
    body: 'json',
    purpose: Purpose,
    signal?: AbortSignal,
  ): Promise<Answer<unknown>>;
  private async request(
    path: string,
    accept: string,
    body: 'bytes',
    purpose: Purpose,
    signal?: AbortSignal,
  ): Promise<Answer<Uint8Array>>;
  private async request(
    path: string,
    accept: string,
    body: Body,
    purpose: Purpose,
    signal?: AbortSignal,
  ): Promise<Answer<unknown>> {
    const url = this.root + path;
    const { what } = purpose;
    const response = await this.respond(path, accept, purpose, signal);
    let bytes: Uint8Array;
    try {
      bytes = response.status === 204 ? new Uint8Array(0) : new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      if (isAbort(error, signal)) throw new DicomWebError('aborted', `${what} on ${this.root}: cancelled`, url);
      throw new DicomWebError(
        'unreachable',
        `${what}: the connection to ${this.root} was lost mid-answer (${networkCause(error)})`,
        url,
      );
    }
    if (body === 'bytes') return { value: bytes, response };
    // QIDO answers 204 No Content, or an empty body, when nothing matches.
    if (bytes.byteLength === 0) return { value: null, response };
    try {
      return { value: JSON.parse(new TextDecoder().decode(bytes)) as unknown, response };
    } catch {
      const type = response.headers.get('content-type') ?? 'untyped';
      throw new DicomWebError('malformed', `${what} on ${this.root}: the answer (${type}) is not JSON`, url, response.status);
    }
  }
  /** The server's answer, its status checked: a failure in words, naming the request. */
  private async respond(path: string, accept: string, purpose: Purpose, signal?: AbortSignal): Promise<Response> {
    const url = this.root + path;
    const headers: Record<string, string> = { Accept: accept };
    if (this.authorization) headers.Authorization = this.authorization;
    let response: Response;
    try {
      response = await this.fetcher(url, { headers, ...(signal ? { signal } : {}) });
    } catch (error) {
      throw fetchFailure(this.root, error, url, purpose.what, signal);
    }
    if (!response.ok && response.status !== 204) {
      const detail = await response.text().catch(() => '');
      throw statusFailure(this.root, this.authorization !== null, response, url, purpose, detail);
    }
    return response;
  }
}

function notMultipart(response: Response, bytes: number | null): string {
  const type = response.headers.get('content-type') ?? 'untyped';
  return `the answer is ${type}, not multipart/related DICOM${bytes === null ? '' : ` (${bytes} bytes)`}`;
}

/** What makes a part not one Part 10 file, or null. */
function part10Problem(part: MultipartPart): string | null {
  const type = part.headers['content-type'] ?? '';
  if (type && !/^application\/dicom\s*(;|$)/i.test(type)) return `its part is ${type}, not application/dicom`;
  const body = part.body;
  if (!(body.byteLength >= 132 && body[128] === 0x44 && body[129] === 0x49 && body[130] === 0x43 && body[131] === 0x4d)) {
    return `its part (${body.byteLength} bytes) is not a DICOM Part 10 file (no "DICM" marker at byte 128)`;
  }
  return null;
}

function absoluteRoot(root: string): string {
  const trimmed = root.trim().replace(/\/+$/, '');
  try {
    return new URL(trimmed).href.replace(/\/+$/, '');
  } catch {
    const base = (globalThis as { location?: { href: string } }).location?.href;
    if (base && trimmed.startsWith('/')) return new URL(trimmed, base).href.replace(/\/+$/, '');
    throw new DicomWebError('unreachable', `"${root}" is not a DICOMweb root URL (e.g. http://host:8042/dicom-web)`, root);
  }
}

function authorizationHeader(auth: DicomWebAuth): string {
  if (auth.kind === 'bearer') return `Bearer ${auth.token}`;
  const bytes = new TextEncoder().encode(`${auth.user}:${auth.password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

function uid(value: string): string {
  return encodeURIComponent(value.trim());
}

function prefixMatch(name: string): string {
  return /[*?]/.test(name) ? name : `${name}*`;
}

function dateRange(from?: string, to?: string): string | null {
  const clean = (date?: string) => (date ?? '').trim().replace(/-/g, '');
  const [a, b] = [clean(from), clean(to)];
  if (!a && !b) return null;
  return a === b ? a : `${a}-${b}`;
}
