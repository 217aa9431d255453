import type { DicomJson } from '../sources/dicomweb/dicom-json';
import { firstText, numbersOf } from '../sources/dicomweb/dicom-json';
import { type DicomWebClient, DicomWebError } from '../sources/dicomweb/dicomweb-client';
import { type FileStreamer, type StreamedFiles, UnreadableFileError } from '../sources/source-file';
import { SeriesStream } from '../sources/dicomweb/series-stream';
import dicomParser from 'dicom-parser';
import { headerFromDicomJson } from './dicom-json-header';
import type { SkippedFile, SliceHeader } from './types';

/** Reads one instance's Part 10 bytes from the server (a buffer of its own, to be transferred). */
export type InstanceReader = (signal?: AbortSignal) => Promise<ArrayBuffer>;

/** A study's headers from its metadata, before any pixel data: what IngestClient.indexKnownHeaders takes. */
export interface DicomWebStudy {
  studyInstanceUID: string;
  headers: SliceHeader[];
  skipped: SkippedFile[];
  /** One reader per header, by its file name. */
  readers: Map<string, InstanceReader>;
  /** Instances the server listed, skipped ones included. */
  total: number;
  /** The QIDO-RS series records, as the server answered them. */
  series: DicomJson[];
  /** Reads many of the readers' files in one series retrieve each (see streamInstances). */
  streamFiles: FileStreamer;
}

export interface StudyLoadOptions {
  signal?: AbortSignal;
  /** Series whose metadata has arrived, of all the study's. */
  onProgress?(done: number, total: number): void;
}

/** Series metadata requests at once: a server reads every instance's header for each. */
const METADATA_IN_FLIGHT = 4;

/**
 * Lists a study's series from its metadata: QIDO-RS for the series, WADO-RS metadata for their
 * instances, each instance's header built and checked as a file's would be. File names are
 * `<series number>/<instance number>` (the UIDs stand in where a number is missing or shared), so a
 * warning names a slice as a reader of the study would.
 */
export async function loadDicomWebStudy(
  client: DicomWebClient,
  studyUid: string,
  options: StudyLoadOptions = {},
): Promise<DicomWebStudy> {
  const { signal } = options;
  const series = await client.searchSeries(studyUid, signal);
  if (series.length === 0) {
    throw new DicomWebError('not-found', `study ${studyUid} not found on ${client.root} (it lists no series)`, client.root);
  }
  const order = [...series].sort(compareSeries);
  const metadata: DicomJson[][] = new Array(order.length);
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < order.length) {
      const at = next++;
      const seriesUid = firstText(order[at]!, '0020000E');
      metadata[at] = await client.seriesMetadata(studyUid, seriesUid, signal);
      options.onProgress?.(++done, order.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(METADATA_IN_FLIGHT, order.length) }, worker));

  const instances = new Map<string, InstanceRef>();
  const listed = new Map<string, number>();
  const study: DicomWebStudy = {
    studyInstanceUID: studyUid,
    headers: [],
    skipped: [],
    readers: new Map(),
    total: 0,
    series,
    streamFiles: (files, signal) => streamInstances(client, studyUid, files, instances, listed, signal),
  };
  const names = new FileNames(order);
  order.forEach((record, at) => {
    const seriesUid = firstText(record, '0020000E');
    const seriesInstances = [...metadata[at]!].sort(compareInstances);
    study.total += seriesInstances.length;
    listed.set(seriesUid, seriesInstances.length);
    for (const json of seriesInstances) {
      const sopUid = firstText(json, '00080018');
      const file = names.next(seriesUid, json);
      const result = headerFromDicomJson(file, json);
      if (!result.ok) {
        study.skipped.push(result.skipped);
        continue;
      }
      const { header } = result;
      study.headers.push(header);
      const instanceSeries = header.seriesInstanceUID || seriesUid;
      // Retrieved as stored; when the metadata did not name the transfer syntax, the file's own meta header
      // does once it is read (see decodable-input.ts).
      study.readers.set(file, (readSignal) => retrieve(client, studyUid, instanceSeries, sopUid, readSignal));
      if (sopUid && instanceSeries === seriesUid) instances.set(file, { seriesUid, sopUid });
    }
  });
  return study;
}

/**
 * An instance as stored. One the server no longer has, or answers malformed, leaves its slice out (the
 * rest of the series loads); a server that cannot be reached, refuses, or fails fails the whole load.
 */
async function retrieve(client: DicomWebClient, study: string, series: string, sop: string, signal?: AbortSignal) {
  try {
    return await client.retrieveInstance(study, series, sop, signal);
  } catch (error) {
    if (error instanceof DicomWebError && (error.kind === 'not-found' || error.kind === 'malformed')) {
      throw new UnreadableFileError(error.message);
    }
    throw error;
  }
}

interface InstanceRef {
  seriesUid: string;
  sopUid: string;
}

/**
 * A series is retrieved whole when a load reads at least this many of its instances, and at least
 * this share of those the server lists for it: below that, the answer would bring more unwanted
 * instances than one request per instance costs.
 */
const MIN_STREAMED = 16;
const MIN_STREAMED_SHARE = 0.5;

/**
 * The instances behind `files`, read in one WADO-RS series retrieve per series that is worth it (see
 * MIN_STREAMED), the others one by one; null when no series is. A browser spends milliseconds on each
 * request whatever its size, and a CT series is hundreds of them.
 */
function streamInstances(
  client: DicomWebClient,
  studyUid: string,
  files: readonly string[],
  instances: ReadonlyMap<string, InstanceRef>,
  listed: ReadonlyMap<string, number>,
  signal?: AbortSignal,
): StreamedFiles | null {
  const bySeries = new Map<string, string[]>();
  for (const file of files) {
    const ref = instances.get(file);
    if (!ref) continue;
    const sops = bySeries.get(ref.seriesUid) ?? [];
    sops.push(ref.sopUid);
    bySeries.set(ref.seriesUid, sops);
  }
  const streams = new Map<string, SeriesStream>();
  for (const [seriesUid, sopUids] of bySeries) {
    const share = sopUids.length / (listed.get(seriesUid) ?? Infinity);
    if (sopUids.length < MIN_STREAMED || share < MIN_STREAMED_SHARE) continue;
    const stream = new SeriesStream(sopUids, {
      open: (readSignal) => client.retrieveSeries(studyUid, seriesUid, readSignal),
      identify: sopInstanceOf,
      fetchOne: (sopUid, readSignal) => retrieve(client, studyUid, seriesUid, sopUid, readSignal),
      ...(signal ? { signal } : {}),
    });
    streams.set(seriesUid, stream);
  }
  if (streams.size === 0) return null;
  return {
    take(file) {
      const ref = instances.get(file);
      return (ref && streams.get(ref.seriesUid)?.take(ref.sopUid)) ?? null;
    },
    holds(file) {
      const ref = instances.get(file);
      return (ref && streams.get(ref.seriesUid)?.holds(ref.sopUid)) ?? false;
    },
    arrival() {
      const next = [...streams.values()].map((stream) => stream.arrival()).filter((arrival) => arrival !== null);
      return next.length > 0 ? Promise.race(next) : null;
    },
    close() {
      for (const stream of streams.values()) stream.close();
    },
  };
}

/** A Part 10 file's Media Storage SOP Instance UID (its meta header names the instance it holds). */
function sopInstanceOf(file: ArrayBuffer): string | null {
  try {
    const uid = dicomParser.readPart10Header(new Uint8Array(file)).string('x00020003');
    return uid?.replace(/\0+$/, '').trim() || null;
  } catch {
    return null;
  }
}

/** Gives each instance a readable name, unique in the study, the same whichever order the server answers in. */
class FileNames {
  private readonly used = new Set<string>();
  private readonly seriesLabels = new Map<string, string>();

  constructor(series: DicomJson[]) {
    const numbers = series.map((record) => integer(record, '00200011'));
    series.forEach((record, at) => {
      const number = numbers[at];
      const shared = number === null || numbers.filter((n) => n === number).length > 1;
      const uid = firstText(record, '0020000E');
      this.seriesLabels.set(uid, shared ? (number === null ? uid : `${number}-${uid}`) : String(number));
    });
  }

  next(seriesUid: string, json: DicomJson): string {
    const label = this.seriesLabels.get(seriesUid) ?? seriesUid;
    const instance = integer(json, '00200013');
    const sop = firstText(json, '00080018');
    const candidates = [instance !== null ? `${label}/${instance}` : null, `${label}/${sop || 'instance'}`];
    let name = candidates.find((candidate) => candidate !== null && !this.used.has(candidate));
    for (let k = 2; !name; k++) if (!this.used.has(`${label}/${sop}#${k}`)) name = `${label}/${sop}#${k}`;
    this.used.add(name);
    return name;
  }
}

function integer(json: DicomJson, tag: string): number | null {
  const value = numbersOf(json, tag)?.[0];
  return value !== undefined && Number.isInteger(value) ? value : null;
}

function compareSeries(a: DicomJson, b: DicomJson): number {
  return (
    (integer(a, '00200011') ?? Infinity) - (integer(b, '00200011') ?? Infinity) ||
    firstText(a, '0020000E').localeCompare(firstText(b, '0020000E'))
  );
}

function compareInstances(a: DicomJson, b: DicomJson): number {
  return (
    (integer(a, '00200013') ?? Infinity) - (integer(b, '00200013') ?? Infinity) ||
    firstText(a, '00080018').localeCompare(firstText(b, '00080018'))
  );
}
