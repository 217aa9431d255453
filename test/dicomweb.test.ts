/**
 * The DICOMweb source against a real Orthanc (Debian's orthanc + orthanc-dicomweb) holding the shared
 * CT data: study search, series lists from metadata against the local-file index, the CLI on both,
 * authentication (Basic natively, bearer tokens through a Lua filter), and failures in words.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSources } from '../src/cli/cli-sources';
import { indexDicomWeb, instanceSources, openDicomWeb } from '../src/cli/dicomweb-input';
import { seriesReport } from '../src/cli/series-report';
import { loadDicomWebStudy } from '../src/dicom/dicomweb-study';
import { indexHeaders, indexSources } from '../src/dicom/index-study';
import type { SeriesEntry, StudyIndex } from '../src/dicom/series-types';
import { firstText, numbersOf } from '../src/sources/dicomweb/dicom-json';
import { DicomWebClient, DicomWebError } from '../src/sources/dicomweb/dicomweb-client';
import { sourcesFromPath } from '../src/sources/node-files';
import { sourceFromBytes } from '../src/sources/source-file';
import { buildVolume } from '../src/volume/build-volume';
import { decodableInput } from '../src/volume/decodable-input';
import { nodeSliceReader } from '../src/volume/node-slice-reader';
import { type OrthancServer, freePort, startOrthanc } from './helpers/orthanc';
import { scratchDir } from './helpers/scratch-dir';
import { sharedCt, sharedCtDir } from './helpers/shared-data';

const run = promisify(execFile);
const work = scratchDir('ct-dicomweb-');
const cli = (...args: string[]) => run('npx', ['tsx', 'src/cli/main.ts', ...args], { maxBuffer: 32 * 1024 * 1024 });

const GE_STUDY = '1.2.826.0.1.3680043.9.4245.1760717064491086528325869788156915668';
const GE_SERIES = '1.2.826.0.1.3680043.9.4245.3115138630835728997848661150714813892';

let server: OrthancServer;
let local: StudyIndex;
/** Files Orthanc refused (not DICOM), relative to the shared folder. */
let refused: Set<string>;

beforeAll(async () => {
  server = await startOrthanc();
  const sources = await sourcesFromPath(sharedCtDir);
  const upload = await server.upload(
    await Promise.all(sources.map(async (source) => ({ name: source.name, bytes: await readFile(source.path) }))),
  );
  refused = new Set(upload.rejected.map((file) => file.name));
  local = await indexSources(sources);
}, 60_000);
afterAll(() => server?.stop());

/** A series as the CLI reports it and the series list shows it, its file names translated by `rename`. */
function comparable(series: SeriesEntry, rename: (file: string) => string) {
  const translate = (text: string) => text.replace(/\S+/g, (word) => rename(word));
  return {
    id: series.id,
    seriesNumber: series.seriesNumber,
    modality: series.modality,
    description: series.description,
    sopClassUID: series.sopClassUID,
    rows: series.rows,
    columns: series.columns,
    sliceCount: series.sliceCount,
    isVolume: series.isVolume,
    reason: series.reason,
    warnings: series.warnings.map(translate),
    excluded: (series.excluded ?? []).map((file) => ({ ...file, file: rename(file.file) })),
    order: series.slices.map((slice) => slice.sopInstanceUID),
  };
}

describe('DICOMweb against a real Orthanc holding the shared CT data', () => {
  it('stores every DICOM file and refuses only the non-DICOM ones', () => {
    expect([...refused].sort()).toEqual(local.skipped.map((file) => file.file).sort());
    expect([...refused].every((name) => /DIRFILE$|README\.md$|LICENSE/.test(name))).toBe(true);
  });

  it('lists every study, with its counts, and searches by patient, date, modality and page', async () => {
    const client = new DicomWebClient({ root: server.root });
    const studies = await client.searchStudies({});
    const localStudies = local.patients.flatMap((patient) => patient.studies);
    expect(studies.map((study) => firstText(study, '0020000D')).sort()).toEqual(
      localStudies.map((s) => s.studyInstanceUID).sort(),
    );
    for (const study of localStudies) {
      const found = studies.find((json) => firstText(json, '0020000D') === study.studyInstanceUID)!;
      const instances = study.series.reduce((sum, series) => sum + series.sliceCount + (series.excluded?.length ?? 0), 0);
      expect(numbersOf(found, '00201208')).toEqual([instances]);
      expect(new Set(study.series.map((s) => s.seriesInstanceUID)).size).toBe(numbersOf(found, '00201206')![0]);
      expect(firstText(found, '00080061')).toBe('CT');
    }

    const phantom = local.series.find((series) => series.seriesNumber === 301)!.slices[0]!;
    const byId = await client.searchStudies({ patientId: phantom.patientId });
    expect(byId.map((json) => firstText(json, '0020000D'))).toContain(phantom.studyInstanceUID);
    expect(byId.map((json) => firstText(json, '0020000D'))).not.toContain(GE_STUDY);
    const byDate = await client.searchStudies({ dateFrom: phantom.studyDate, dateTo: phantom.studyDate });
    expect(byDate.map((json) => firstText(json, '0020000D'))).toContain(phantom.studyInstanceUID);
    expect(byDate.map((json) => firstText(json, '0020000D'))).not.toContain(GE_STUDY);
    expect(await client.searchStudies({ modality: 'MR' })).toEqual([]);
    const pages = [...(await client.searchStudies({ limit: 2 })), ...(await client.searchStudies({ limit: 2, offset: 2 }))];
    expect(new Set(pages.map((json) => firstText(json, '0020000D'))).size).toBe(localStudies.length);
  });

  it("lists each study's series from metadata exactly as the local files index, without fetching pixel data", async () => {
    const requests: string[] = [];
    const client = new DicomWebClient({
      root: server.root,
      fetch: (input, init) => {
        requests.push(String(input));
        return fetch(input, init);
      },
    });
    for (const study of local.patients.flatMap((patient) => patient.studies)) {
      const web = await loadDicomWebStudy(client, study.studyInstanceUID);
      const index = indexHeaders(web.headers, web.skipped);
      const localBySop = new Map(local.series.flatMap((s) => s.slices).map((h) => [h.sopInstanceUID, h]));
      const toLocal = new Map(web.headers.map((h) => [h.file, localBySop.get(h.sopInstanceUID)!.file]));
      expect(index.series.map((s) => comparable(s, (file) => toLocal.get(file) ?? file))).toEqual(
        study.series.map((s) => comparable(s, (file) => file)),
      );
      expect(web.skipped).toEqual([]);
      expect(web.readers.size).toBe(web.headers.length);
      // The same header, field for field, as the file's own (Orthanc does not state the transfer syntax).
      for (const header of web.headers) {
        const file = localBySop.get(header.sopInstanceUID)!;
        expect({ ...header, file: file.file, transferSyntaxUID: file.transferSyntaxUID }).toEqual(file);
        expect(header.transferSyntaxUID).toBe('');
      }
      expect(new Set(web.headers.map((h) => h.file)).size).toBe(web.headers.length);
    }
    expect(requests.filter((url) => /\/instances\//.test(url))).toEqual([]);
    const ge = await loadDicomWebStudy(client, GE_STUDY);
    expect(ge.headers.map((h) => h.file).slice(0, 3)).toEqual(['2/1', '2/2', '2/3']);
  });

  it('CLI series --dicomweb prints the JSON of the same files read from disk, of every study or of one', async () => {
    const web = await cli('series', '--dicomweb', server.root);
    // What `cli series DIR` prints (test/cli.test.ts runs it): the report of the index of its sources.
    const diskReport = async (dir: string) => {
      const { sources, skipped } = await cliSources(dir);
      return JSON.parse(JSON.stringify(seriesReport(await indexSources(sources, undefined, skipped)))) as {
        series: unknown[];
        skipped: Array<{ file: string }>;
      };
    };
    const { index } = await indexDicomWeb({ root: server.root });
    const localBySop = new Map(local.series.flatMap((s) => s.slices).map((h) => [h.sopInstanceUID, h.file]));
    const names = new Map(index.series.flatMap((s) => s.slices).map((h) => [h.file, localBySop.get(h.sopInstanceUID)!]));
    const rename = (json: string) =>
      json.replace(/"[^"]*"/g, (text) => JSON.stringify(names.get(JSON.parse(text)) ?? JSON.parse(text)));
    const fromDisk = await diskReport(sharedCtDir);
    const fromWeb = JSON.parse(rename(web.stdout)) as typeof fromDisk;
    expect(fromWeb.series).toEqual(fromDisk.series);
    expect(fromWeb.skipped).toEqual(fromDisk.skipped.filter((file) => !refused.has(file.file)));
    const study = await indexDicomWeb({ root: server.root, study: GE_STUDY });
    expect(JSON.parse(JSON.stringify(seriesReport(study.index))).series).toEqual(
      (await diskReport(sharedCt('ge-head-tilt'))).series,
    );
  }, 60_000);

  it('CLI convert --dicomweb writes the tilted, variably spaced GE series voxel for voxel as convert on the files', async () => {
    const [webOut, diskOut] = [join(work, 'ge-web.nii.gz'), join(work, 'ge-disk.nii.gz')];
    const [web, disk] = await Promise.all([
      cli('convert', '--dicomweb', server.root, '--study', GE_STUDY, '--series', GE_SERIES, '-o', webOut),
      cli('convert', sharedCt('ge-head-tilt'), '--series', GE_SERIES, '-o', diskOut),
    ]);
    expect(web.stderr.replace(webOut, 'OUT')).toBe(disk.stderr.replace(diskOut, 'OUT'));
    expect(web.stderr).toMatch(/gantry tilt 18\.5° corrected; spacing 1\.1–7\.0 mm resampled to 4\.0 mm/);
    const [a, b] = [gunzipSync(await readFile(webOut)), gunzipSync(await readFile(diskOut))];
    expect(a.byteLength).toBe(b.byteLength);
    expect(Buffer.compare(a, b)).toBe(0);
  }, 60_000);

  it('builds philips-head from the server as from its files, and retrieves at most 6 instances at once', async () => {
    const uid = local.series.find((s) => s.seriesNumber === 201 && s.sliceCount === 28)!;
    let inFlight = 0;
    let most = 0;
    const client = new DicomWebClient({
      root: server.root,
      fetch: async (input, init) => {
        const instance = /\/instances\//.test(String(input));
        if (instance) most = Math.max(most, ++inFlight);
        try {
          const response = await fetch(input, init);
          return new Response(await response.arrayBuffer(), response);
        } finally {
          if (instance) inFlight--;
        }
      },
    });
    const study = await loadDicomWebStudy(client, uid.slices[0]!.studyInstanceUID);
    const index = indexHeaders(study.headers, study.skipped);
    const remote = await instanceSources(study.readers);
    try {
      const fromWeb = await buildVolume(
        index.series.find((s) => s.id === uid.id)!,
        remote.sources,
        remote.reader,
        { chunkSlices: 28 },
      );
      const files = new Map((await sourcesFromPath(sharedCtDir)).map((source) => [source.name, source]));
      const fromDisk = await buildVolume(uid, files, nodeSliceReader, { chunkSlices: 28 });
      const verifiedOn = (volume: typeof fromWeb) => volume.modalityLut.replace(/ of \S+$/, '');
      expect({ ...fromWeb, scalars: null, modalityLut: verifiedOn(fromWeb) }).toEqual({
        ...fromDisk,
        scalars: null,
        modalityLut: verifiedOn(fromDisk),
      });
      expect(fromWeb.modalityLut).toMatch(/ of 201\/\d+$/);
      expect(Buffer.compare(Buffer.from(fromWeb.scalars.buffer), Buffer.from(fromDisk.scalars.buffer))).toBe(0);
    } finally {
      await remote.close();
    }
    expect(most).toBe(6);
  }, 60_000);

  it('an instance the server no longer has leaves its slice out, named; the rest of the series builds', async () => {
    const uid = local.series.find((s) => s.seriesNumber === 201 && s.sliceCount === 28)!;
    const client = new DicomWebClient({ root: server.root });
    const study = await loadDicomWebStudy(client, uid.slices[0]!.studyInstanceUID);
    const index = indexHeaders(study.headers, study.skipped);
    const series = index.series.find((s) => s.id === uid.id)!;
    const gone = series.slices[10]!;
    // Deleted after the listing, as when an archive changes under a reader; put back afterwards.
    const [found] = (await (
      await fetch(`${server.origin}/tools/lookup`, { method: 'POST', body: gone.sopInstanceUID })
    ).json()) as {
      ID: string;
    }[];
    const original = new Uint8Array(await (await fetch(`${server.origin}/instances/${found!.ID}/file`)).arrayBuffer());
    expect((await fetch(`${server.origin}/instances/${found!.ID}`, { method: 'DELETE' })).ok).toBe(true);
    const remote = await instanceSources(study.readers);
    try {
      const volume = await buildVolume(series, remote.sources, remote.reader, { chunkSlices: 8 });
      const warnings = volume.warnings.join('\n');
      expect(warnings).toContain(`${gone.file}: could not be read (instance ${gone.sopInstanceUID}`);
      expect(warnings).toMatch(/not found/);
      expect(warnings).toMatch(/missing slice/);
    } finally {
      await remote.close();
      await server.upload([{ name: gone.file, bytes: original }]);
    }
  }, 60_000);

  it('says in words what is missing: a study, a series, an instance', async () => {
    const client = new DicomWebClient({ root: server.root });
    await expect(loadDicomWebStudy(client, '1.2.3.4')).rejects.toThrow(
      new DicomWebError('not-found', `study 1.2.3.4 not found on ${server.root} (it lists no series)`, server.root),
    );
    const metadata = await client.seriesMetadata(GE_STUDY, '9.9.9').catch((error: unknown) => error);
    expect(metadata).toBeInstanceOf(DicomWebError);
    expect(metadata).toMatchObject({ kind: 'not-found', status: 404 });
    expect((metadata as Error).message).toMatch(
      new RegExp(`^series 9\\.9\\.9 of study ${GE_STUDY} not found on ${server.root} \\(404\\)`),
    );
    const instance = await client.retrieveInstance(GE_STUDY, GE_SERIES, '1.2.3').catch((error: unknown) => error);
    expect(instance).toMatchObject({ kind: 'not-found', status: 404 });
    expect((instance as Error).message).toMatch(/^instance 1\.2\.3 of series .* not found on http/);
  });

  it('refuses a truncated or non-DICOM part of a real answer, naming the instance', async () => {
    const edit = (change: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>) =>
      new DicomWebClient({
        root: server.root,
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          const bytes = new Uint8Array(await response.arrayBuffer());
          return new Response(/\/instances\//.test(String(input)) ? change(bytes) : bytes, response);
        },
      });
    const study = await loadDicomWebStudy(new DicomWebClient({ root: server.root }), GE_STUDY);
    const sop = study.headers[0]!.sopInstanceUID;
    const truncated = await edit((bytes) => bytes.slice(0, bytes.length - 4000))
      .retrieveInstance(GE_STUDY, GE_SERIES, sop)
      .catch((error: unknown) => error);
    expect(truncated).toMatchObject({ kind: 'malformed' });
    expect((truncated as Error).message).toMatch(
      new RegExp(`^retrieving instance ${sop} from .*: part 1 declares \\d+ bytes.*truncated`),
    );
    const notDicom = await edit((bytes) => {
      const copy = bytes.slice();
      const at = Buffer.from(copy).indexOf('DICM');
      copy.set([0x58, 0x58, 0x58, 0x58], at);
      return copy;
    })
      .retrieveInstance(GE_STUDY, GE_SERIES, sop)
      .catch((error: unknown) => error);
    expect((notDicom as Error).message).toMatch(/is not a DICOM Part 10 file \(no "DICM" marker at byte 128\)/);
  });

  it('a server that cannot be reached is named, with what was being done', async () => {
    const root = `http://127.0.0.1:${await freePort()}/dicom-web`;
    const error = await new DicomWebClient({ root }).searchStudies({}).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unreachable' });
    expect((error as Error).message).toBe(
      `cannot reach ${root} (searching studies): connection refused (is the server running?)`,
    );
  });
});

describe('a server that goes away in the middle of a load', () => {
  it('fails the build with an error in words, naming the server', async () => {
    const gone = await startOrthanc();
    try {
      await gone.upload((await sourcesFromPath(sharedCt('ge-head-tilt'))).map((source) => source.path));
      const { index, sources, reader, close } = await openDicomWeb({ root: gone.root, study: GE_STUDY });
      let crashed: Promise<void> | null = null;
      const built = buildVolume(index.series[0]!, sources, reader, {
        chunkSlices: 4,
        onProgress: () => void (crashed ??= gone.crash()),
      }).catch((error: unknown) => error);
      const error = await built;
      await crashed;
      await close();
      expect(error).toBeInstanceOf(DicomWebError);
      expect(error).toMatchObject({ kind: 'unreachable' });
      expect((error as Error).message).toMatch(
        new RegExp(
          `^(cannot reach ${gone.root} \\(retrieving instance [0-9.]+\\): |retrieving instance [0-9.]+: the connection to ${gone.root} was lost)`,
        ),
      );
    } finally {
      await gone.stop();
    }
  }, 60_000);
});

describe('an Orthanc that requires credentials', () => {
  let basic: OrthancServer;
  let bearer: OrthancServer;
  beforeAll(async () => {
    [basic, bearer] = await Promise.all([
      startOrthanc({ auth: { users: { alice: 'wonder land' } } }),
      startOrthanc({ auth: { tokens: ['s3cret-token'] } }),
    ]);
    const files = (await sourcesFromPath(sharedCt('philips-head'))).map((source) => source.path);
    await Promise.all([basic.upload(files), bearer.upload(files)]);
  }, 60_000);
  afterAll(() => Promise.all([basic?.stop(), bearer?.stop()]));

  it('Basic: 401 without credentials or with wrong ones, in words; the study loads with them', async () => {
    const without = await new DicomWebClient({ root: basic.root }).searchStudies({}).catch((e: unknown) => e);
    expect(without).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect((without as Error).message).toBe(
      `${basic.root} asks for credentials (a bearer token or user and password) (401) when searching studies`,
    );
    const wrong = new DicomWebClient({ root: basic.root, auth: { kind: 'basic', user: 'alice', password: 'nope' } });
    expect((await wrong.searchStudies({}).catch((e: unknown) => e)) as Error).toMatchObject({
      kind: 'unauthorized',
      message: `${basic.root} refused the credentials given (401) when searching studies`,
    });
    const client = new DicomWebClient({ root: basic.root, auth: { kind: 'basic', user: 'alice', password: 'wonder land' } });
    const [study] = await client.searchStudies({});
    const loaded = await loadDicomWebStudy(client, firstText(study!, '0020000D'));
    expect(loaded.headers).toHaveLength(28);
    const bytes = await loaded.readers.get(loaded.headers[0]!.file)!();
    expect(new TextDecoder().decode(new Uint8Array(bytes, 128, 4))).toBe('DICM');
    // Orthanc's metadata does not name the transfer syntax; the chunk read takes it from the file itself.
    expect(loaded.headers[0]!.transferSyntaxUID).toBe('');
    const made = await decodableInput({ header: loaded.headers[0]!, source: sourceFromBytes('I', new Uint8Array(bytes)) });
    expect(made.problem === undefined && made.input.header.transferSyntaxUID).toBe('1.2.840.10008.1.2.1');
  });

  it("bearer token: refused without it or with a wrong one (Orthanc's filter answers 403); the CLI lists with --token", async () => {
    const without = await new DicomWebClient({ root: bearer.root }).searchStudies({}).catch((e: unknown) => e);
    expect(without).toMatchObject({ kind: 'forbidden', status: 403 });
    expect((without as Error).message).toBe(`${bearer.root} refused access without credentials (403) when searching studies`);
    const wrong = new DicomWebClient({ root: bearer.root, auth: { kind: 'bearer', token: 'guess' } });
    expect(await wrong.searchStudies({}).catch((e: unknown) => e)).toMatchObject({ kind: 'forbidden' });
    const { stdout } = await cli('series', '--dicomweb', bearer.root, '--token', 's3cret-token');
    const { sources } = await cliSources(sharedCt('philips-head'));
    const disk = JSON.parse(JSON.stringify(seriesReport(await indexSources(sources)))) as { series: unknown };
    expect((JSON.parse(stdout) as { series: unknown }).series).toEqual(disk.series);
  }, 60_000);
});
