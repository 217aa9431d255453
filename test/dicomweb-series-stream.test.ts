/**
 * Streaming a series in one WADO-RS retrieve, against a real Orthanc: every instance byte for byte as
 * retrieved alone, in one request; the reads of a load served in any order; and every way the answer
 * can fail (cut mid-way, refused, a server gone, a cancel, more held than allowed) ending either in
 * the instances fetched one by one or in an error in words, never in a read that waits for ever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DicomWebStudy, loadDicomWebStudy } from '../src/dicom/dicomweb-study';
import { indexHeaders } from '../src/dicom/index-study';
import type { SeriesEntry } from '../src/dicom/series-types';
import { DicomWebClient, DicomWebError } from '../src/sources/dicomweb/dicomweb-client';
import { SeriesStream } from '../src/sources/dicomweb/series-stream';
import { sourcesFromPath } from '../src/sources/node-files';
import { progressiveOrder } from '../src/volume/build-plan';
import { type OrthancServer, startOrthanc } from './helpers/orthanc';
import { sharedCt } from './helpers/shared-data';

let server: OrthancServer;
beforeAll(async () => {
  server = await startOrthanc();
  const files = [...(await sourcesFromPath(sharedCt('philips-head'))), ...(await sourcesFromPath(sharedCt('ge-head-tilt')))];
  await server.upload(files.map((file) => file.path));
}, 60_000);
afterAll(() => server?.stop());

type Change = (url: string, response: Response, signal?: AbortSignal) => Response | Promise<Response>;

/** A client whose requests are recorded (`series`: whole-series retrieves; `instances`: one-instance ones). */
function recordingClient(change?: Change) {
  const seen = { series: 0, instances: 0 };
  const client = new DicomWebClient({
    root: server.root,
    fetch: async (input, init) => {
      const url = String(input);
      if (/\/instances\/[^/]+$/.test(url)) seen.instances++;
      else if (/\/series\/[^/]+$/.test(url)) seen.series++;
      const response = await fetch(input, init);
      return change ? change(url, response, init?.signal ?? undefined) : response;
    },
  });
  return { client, seen };
}

const isSeriesRetrieve = (url: string) => /\/series\/[^/]+$/.test(url);

/** The philips-head volume of a study read through `client`, and each of its files as read alone. */
async function philipsHead(client: DicomWebClient) {
  const studyUid = (await client.searchStudies({})).map((s) => s['0020000D']!.Value![0] as string);
  for (const uid of studyUid) {
    const study = await loadDicomWebStudy(client, uid);
    const series = indexHeaders(study.headers, study.skipped).series.find(
      (s) => s.isVolume && s.sliceCount === 28 && s.seriesNumber === 201,
    );
    if (series) return { study, series };
  }
  throw new Error('philips-head is not on the server');
}

/** Each file's bytes as its own reader retrieves it, through a client that records nothing. */
async function aloneBytes(series: SeriesEntry): Promise<Map<string, Buffer>> {
  const { study } = await philipsHead(new DicomWebClient({ root: server.root }));
  const bytes = new Map<string, Buffer>();
  for (const slice of series.slices) bytes.set(slice.file, Buffer.from(await study.readers.get(slice.file)!()));
  return bytes;
}

/** The files in the order a build reads them: the first (middle) chunk, then outwards. */
function buildOrder(series: SeriesEntry): string[] {
  return progressiveOrder(series.slices.length).flatMap(({ start, count }) =>
    series.slices.slice(start, start + count).map((slice) => slice.file),
  );
}

async function takeAll(study: DicomWebStudy, files: string[], signal?: AbortSignal) {
  const streamed = study.streamFiles(files, signal);
  expect(streamed).not.toBeNull();
  try {
    return await Promise.all(files.map(async (file) => [file, Buffer.from(await streamed!.take(file)!)] as const));
  } finally {
    streamed!.close();
  }
}

describe('a series streamed in one WADO-RS retrieve', () => {
  let expected: Map<string, Buffer>;
  beforeAll(async () => {
    const { series } = await philipsHead(new DicomWebClient({ root: server.root }));
    expected = await aloneBytes(series);
  }, 60_000);

  it('retrieveSeries gives every instance of the series, byte for byte as retrieved alone, in one request', async () => {
    const { client, seen } = recordingClient();
    const { study, series } = await philipsHead(client);
    const got = new Map<string, Buffer>();
    for await (const file of await client.retrieveSeries(study.studyInstanceUID, series.seriesInstanceUID)) {
      const slice = series.slices.find((s) => Buffer.from(file).includes(Buffer.from(s.sopInstanceUID)));
      got.set(slice!.file, Buffer.from(file));
    }
    expect(seen).toEqual({ series: 1, instances: 0 });
    expect(got.size).toBe(28);
    for (const [file, bytes] of expected) expect(Buffer.compare(got.get(file)!, bytes), file).toBe(0);
  }, 60_000);

  it("a load's reads, in build order, are served from the one answer; a file it was not asked for is read alone", async () => {
    const { client, seen } = recordingClient();
    const { study, series } = await philipsHead(client);
    const order = buildOrder(series);
    const [firstA, firstB, ...rest] = order;
    const streamed = study.streamFiles(rest);
    expect(streamed!.take(firstA!)).toBeNull();
    expect(streamed!.take(firstB!)).toBeNull();
    const got = await Promise.all(rest.map(async (file) => [file, Buffer.from(await streamed!.take(file)!)] as const));
    streamed!.close();
    for (const [file, bytes] of got) expect(Buffer.compare(bytes, expected.get(file)!), file).toBe(0);
    // Taken once: a second take is a read of its own.
    expect(streamed!.take(rest[0]!)).toBeNull();
    expect(seen).toEqual({ series: 1, instances: 0 });
    // Too few files, or too small a share of the series, are not worth a whole-series answer.
    expect(study.streamFiles(rest.slice(0, 15))).toBeNull();
  }, 60_000);

  it('says which files have arrived, wakes a waiter at each arrival, and has none to wait for once it ended', async () => {
    const { client } = recordingClient();
    const { study, series } = await philipsHead(client);
    const files = buildOrder(series);
    const streamed = study.streamFiles(files)!;
    const arrivals: number[] = [];
    for (;;) {
      const next = streamed.arrival();
      if (next === null) break;
      await next;
      arrivals.push(files.filter((file) => streamed.holds(file)).length);
    }
    // Every file came, none taken: each is held, and held files are taken at once, once.
    expect(arrivals.at(-1)).toBe(28);
    expect(arrivals.length).toBeGreaterThanOrEqual(2);
    expect(arrivals).toEqual([...arrivals].sort((a, b) => a - b));
    const bytes = await streamed.take(files[5]!)!;
    expect(Buffer.compare(Buffer.from(bytes), expected.get(files[5]!)!)).toBe(0);
    expect(streamed.holds(files[5]!)).toBe(false);
    expect(streamed.take(files[5]!)).toBeNull();
    streamed.close();
    expect(streamed.holds(files[6]!)).toBe(false);
  }, 60_000);

  it('holds no more than it may: reads in reverse order are fetched alone once the answer is full, and all finish', async () => {
    const { client, seen } = recordingClient();
    const { study, series } = await philipsHead(client);
    const sops = new Map(series.slices.map((s) => [s.sopInstanceUID, s.file]));
    const stream = new SeriesStream(sops.keys(), {
      open: (signal) => client.retrieveSeries(study.studyInstanceUID, series.seriesInstanceUID, signal),
      identify: (file) => [...sops.keys()].find((sop) => Buffer.from(file).includes(Buffer.from(sop))) ?? null,
      fetchOne: (sop, signal) => client.retrieveInstance(study.studyInstanceUID, series.seriesInstanceUID, sop, signal),
      maxHeldBytes: 3 * 2 ** 20,
    });
    // One at a time, the last slice first: the answer holds the others until it is full.
    const got: Array<readonly [string, Buffer]> = [];
    for (const [sop, file] of [...sops].reverse()) got.push([file, Buffer.from(await stream.take(sop)!)]);
    await stream.done;
    for (const [file, bytes] of got) expect(Buffer.compare(bytes, expected.get(file)!), file).toBe(0);
    expect(stream.counts.delivered).toBeGreaterThan(0);
    expect(stream.counts.fetchedAlone).toBeGreaterThan(0);
    expect(stream.counts.delivered + stream.counts.fetchedAlone).toBe(28);
    expect(seen.instances).toBe(stream.counts.fetchedAlone);
  }, 60_000);

  it('an answer cut mid-way, or refused, leaves the rest to be fetched alone: every file still right', async () => {
    const cut: Change = (url, response) => {
      if (!isSeriesRetrieve(url) || !response.body) return response;
      let passed = 0;
      const reader = response.body.getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          passed += value.byteLength;
          if (passed > 5 * 2 ** 20) return controller.error(new TypeError('terminated'));
          controller.enqueue(value);
        },
      });
      return new Response(body, response);
    };
    const refused: Change = (url, response) =>
      isSeriesRetrieve(url) ? new Response('no series retrieve here', { status: 406, statusText: 'Not Acceptable' }) : response;
    for (const change of [cut, refused]) {
      const { client, seen } = recordingClient(change);
      const { study, series } = await philipsHead(client);
      const got = await takeAll(study, buildOrder(series));
      for (const [file, bytes] of got) expect(Buffer.compare(bytes, expected.get(file)!), file).toBe(0);
      expect(seen.series).toBe(1);
      expect(seen.instances).toBeGreaterThan(0);
      expect(seen.instances).toBeLessThan(change === cut ? 28 : 29);
    }
  }, 60_000);

  it('a cancel fails the reads waiting on the answer, and nothing is fetched after it', async () => {
    const stall: Change = (url, response, signal) => {
      if (!isSeriesRetrieve(url) || !response.body) return response;
      const reader = response.body.getReader();
      let first = true;
      return new Response(
        new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (!first) {
              // The rest never comes; the request's abort ends the body, as fetch's own does.
              return new Promise<void>((resolve) =>
                signal?.addEventListener('abort', () => resolve(controller.error(signal.reason)), { once: true }),
              );
            }
            first = false;
            const { value } = await reader.read();
            controller.enqueue(value!);
          },
          cancel: () => reader.cancel(),
        }),
        response,
      );
    };
    const { client, seen } = recordingClient(stall);
    const { study, series } = await philipsHead(client);
    const abort = new AbortController();
    const files = buildOrder(series);
    const streamed = study.streamFiles(files, abort.signal)!;
    const reads = files.map((file) =>
      streamed.take(file)!.then(
        () => 'read',
        (error: unknown) => error,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    abort.abort('cancelled by the user');
    const outcomes = await Promise.all(reads);
    streamed.close();
    const failed = outcomes.filter((outcome) => outcome !== 'read');
    expect(failed.length).toBeGreaterThan(0);
    for (const error of failed) expect(String(error)).toMatch(/cancel/);
    expect(seen.instances).toBe(0);
  }, 60_000);
});

describe('a server that goes away while its series streams', () => {
  it('fails the reads in words, naming the server', async () => {
    const gone = await startOrthanc();
    try {
      await gone.upload((await sourcesFromPath(sharedCt('philips-head'))).map((source) => source.path));
      let crashed: Promise<void> | null = null;
      const client = new DicomWebClient({
        root: gone.root,
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          if (!isSeriesRetrieve(String(input)) || !response.body) return response;
          const reader = response.body.getReader();
          let passed = 0;
          return new Response(
            new ReadableStream<Uint8Array>({
              async pull(controller) {
                const { done, value } = await reader.read().catch((error: unknown) => {
                  controller.error(error);
                  return { done: true, value: undefined };
                });
                if (done) return controller.close();
                passed += value!.byteLength;
                if (passed > 2 * 2 ** 20) await (crashed ??= gone.crash());
                controller.enqueue(value!);
              },
            }),
            response,
          );
        },
      });
      const studies = await client.searchStudies({});
      const study = await loadDicomWebStudy(client, studies[0]!['0020000D']!.Value![0] as string);
      const series = indexHeaders(study.headers, study.skipped).series.find((s) => s.isVolume)!;
      const error = await takeAll(study, buildOrder(series)).catch((e: unknown) => e);
      expect(crashed).not.toBeNull();
      expect(error).toBeInstanceOf(DicomWebError);
      expect(error).toMatchObject({ kind: 'unreachable' });
      expect((error as Error).message).toMatch(new RegExp(`^cannot reach ${gone.root} \\(retrieving instance [0-9.]+\\): `));
    } finally {
      await gone.stop();
    }
  }, 60_000);
});
