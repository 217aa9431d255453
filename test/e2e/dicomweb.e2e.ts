/**
 * Issue 15 in Chromium against a real Orthanc (Debian's orthanc + orthanc-dicomweb, on loopback with
 * temporary storage) holding the shared CT data, the app served through its same-origin proxy
 * (scripts/dicomweb-proxy.ts): the study browser, each study's series list against the same files
 * opened from disk, streamed volumes voxel for voxel, the deep link, bearer and Basic sign-in, errors
 * in words (unreachable, blocked, not found, the server stopped mid-load) and nothing off the origin.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildAndServe, serveBuild } from '../../scripts/browser/build-and-serve';
import { closeSharedChromium } from '../../scripts/browser/chromium';
import { type OpenedPage, openPage } from '../../scripts/browser/open-page';
import { nginxInstalled, startNginx } from '../../scripts/deploy/nginx';
import { LOAD_MARKS } from '../../src/perf/load-marks';
import type { VoxelDigest } from '../../src/volume/voxel-digest';
import { type OrthancServer, startOrthanc } from '../helpers/orthanc';
import { projectRoot, sharedCt } from '../helpers/shared-data';

const distDir = inject('distDir');
const FOLDERS = ['ge-head-tilt', 'philips-head', 'philips-phantom-tilt'] as const;
const LOAD_MS = 120_000;

interface Served {
  baseUrl: string;
  /** The build it serves. */
  outDir: string;
  close(): Promise<void>;
}

/** The built app (the e2e build, or a build of its own under E2E_BASE_URL) with `target` at /dicom-web. */
async function serveWithProxy(target: string): Promise<Served> {
  if (distDir) return serveBuild(projectRoot, distDir, target);
  return buildAndServe(projectRoot, { tempPrefix: 'ct-viewer-e2e-dicomweb-', dicomwebProxy: target });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

function studyOf(path: string): string {
  return headerText(path, 'x0020000d');
}

function headerText(path: string, tag: string): string {
  const data = dicomParser.parseDicom(new Uint8Array(readFileSync(path)), { untilTag: 'x7fe00010' });
  return (data.string(tag) ?? '').trim();
}

interface Row {
  uid: string | null;
  volume: string | null;
  text: string;
}

const seriesRows = (page: Page): Promise<Row[]> =>
  page.getByTestId('series-item').evaluateAll((rows) =>
    rows.map((row) => ({
      uid: row.getAttribute('data-series-uid'),
      volume: row.getAttribute('data-volume'),
      text: (row.textContent ?? '').replace(/\s+/g, ' ').trim(),
    })),
  );

/**
 * The rows in their order, except that the groups one SeriesInstanceUID was split into (by size or
 * orientation) are sorted by their text: the index orders those by the order the headers came in,
 * which differs between a folder and a server's metadata.
 */
function splitGroupsSorted(rows: Row[]): Row[] {
  const first = new Map<string | null, number>();
  rows.forEach((row, at) => first.has(row.uid) || first.set(row.uid, at));
  return [...rows].sort((a, b) => first.get(a.uid)! - first.get(b.uid)! || a.text.localeCompare(b.text));
}

/** Clicks a study's row; a page busy drawing its last volume in software GL may take long to be still. */
async function openStudyRow(page: Page, studyUid: string): Promise<void> {
  await page.locator(`[data-testid="dicomweb-study"][data-study-uid="${studyUid}"]`).click({ timeout: 90_000 });
}

const digestOf = (page: Page): Promise<VoxelDigest | null> =>
  page.evaluate(() => (window as unknown as { ctViewer: { volumeDigest(): VoxelDigest | null } }).ctViewer.volumeDigest());

const loadState = (page: Page) => page.getByTestId('load-state');
const stateOf = async (page: Page) => (await loadState(page).getAttribute('data-state')) ?? '';
const stateText = async (page: Page) => ((await loadState(page).textContent()) ?? '').replace(/\s+/g, ' ').trim();

/**
 * The load's end: ready, error, or idle once indexed (a choice left to the user). A function, not a
 * string, is polled: the app's Content-Security-Policy forbids evaluating strings in the page.
 */
async function loadOutcome(page: Page): Promise<string> {
  const settled = await page.waitForFunction(
    (indexed) => {
      const state = document.querySelector('[data-testid="load-state"]')?.getAttribute('data-state');
      if (state === 'ready' || state === 'error') return state;
      return state === 'idle' && performance.getEntriesByName(indexed, 'mark').length > 0 ? state : false;
    },
    LOAD_MARKS.indexed,
    { timeout: LOAD_MS, polling: 100 },
  );
  return String(await settled.jsonValue());
}

/** What a finished load shows: its outcome, the status text, the series rows and the volume. */
async function outcome(page: Page): Promise<{ state: string; text: string; rows: Row[]; digest: VoxelDigest | null }> {
  const state = await loadOutcome(page);
  return {
    state,
    text: await stateText(page),
    rows: await seriesRows(page),
    digest: state === 'ready' ? await digestOf(page) : null,
  };
}

/** A WADO-RS retrieve of a series or of one instance (not its metadata, not a QIDO-RS search). */
const RETRIEVE = /\/dicom-web\/studies\/[^/]+\/series\/[^/?]+(\/instances\/[^/?]+)?$/;

/** No bare JavaScript message reaches the user. */
function expectWords(text: string): void {
  expect(text).not.toMatch(/TypeError|RangeError|undefined|\[object|Invalid typed array|Failed to fetch/);
}

afterAll(async () => {
  await closeSharedChromium();
});

describe('DICOMweb against a real Orthanc, through the proxy', () => {
  let orthanc: OrthancServer;
  let app: Served;
  /** Shared files Orthanc stored, by StudyInstanceUID. */
  const studies = new Map<string, string[]>();
  const studyOfFolder = new Map<string, string>();
  /** What the app shows for each study's files opened from disk. */
  const local = new Map<string, Awaited<ReturnType<typeof outcome>>>();
  const pages: OpenedPage[] = [];
  /** A fresh page; its first load may wait for the CPU a previous page's workers still hold. */
  const open = async (base: string, path: string) => {
    const opened = await openPage(base, { path: null });
    pages.push(opened);
    const retrieves: Request[] = [];
    opened.page.on('request', (request: Request) => {
      if (RETRIEVE.test(request.url())) retrieves.push(request);
    });
    await opened.page.goto(new URL(path, base).href, { waitUntil: 'load', timeout: 90_000 });
    /**
     * WADO-RS retrieves the page sent until its load was complete (`ct:full-load`), of whole series
     * and of single instances; thumbnails, read after a load, are not counted.
     */
    const retrievedForLoad = async () => {
      const end = await opened.page.evaluate(
        (mark) => performance.timeOrigin + performance.getEntriesByName(mark, 'mark')[0]!.startTime,
        LOAD_MARKS.fullLoad,
      );
      const sent = retrieves.filter((request) => request.timing().startTime <= end);
      const instances = sent.filter((request) => /\/instances\/[^/?]+$/.test(request.url())).length;
      return { series: sent.length - instances, instances };
    };
    return { ...opened, retrievedForLoad };
  };

  beforeAll(async () => {
    orthanc = await startOrthanc();
    for (const folder of FOLDERS) {
      const result = await orthanc.upload(filesUnder(sharedCt(folder)));
      // Only the Philips directory files are not DICOM.
      expect(result.rejected.map((r) => r.name.split('/').pop())).toEqual(result.rejected.map(() => 'DIRFILE'));
      for (const path of result.stored) {
        const uid = studyOf(path);
        studies.set(uid, [...(studies.get(uid) ?? []), path]);
        studyOfFolder.set(folder, uid);
      }
    }
    app = await serveWithProxy(orthanc.root);
  });

  afterAll(async () => {
    for (const opened of pages) await opened.close();
    await app?.close();
    await orthanc?.stop();
  });

  it('lists every study; each study lists its series as its files opened from disk do, and streams the same volume', async () => {
    expect(studies.size).toBe(3);
    const disk = await open(app.baseUrl, '?sample=none');
    for (const [uid, files] of studies) {
      await disk.page.getByTestId('open-files').setInputFiles(files);
      local.set(uid, await outcome(disk.page));
    }
    expect(disk.offOriginRequests).toEqual([]);
    await disk.close();

    const remote = await open(app.baseUrl, '?dicomweb=/dicom-web');
    const rows = remote.page.getByTestId('dicomweb-study');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(3);
    const listed = await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-study-uid')));
    expect(new Set(listed)).toEqual(new Set(studies.keys()));
    // The sample is not loaded with ?dicomweb=: nothing was shown before a study was opened.
    expect(await digestOf(remote.page)).toBeNull();
    const ge = remote.page.locator(`[data-testid="dicomweb-study"][data-study-uid="${studyOfFolder.get('ge-head-tilt')}"]`);
    expect(await ge.locator('[data-field="instance-count"]').textContent()).toBe('28');
    expect(await ge.locator('[data-field="modalities"]').textContent()).toBe('CT');

    for (const uid of studies.keys()) {
      await openStudyRow(remote.page, uid);
      const streamed = await outcome(remote.page);
      const fromDisk = local.get(uid)!;
      expect(streamed.rows.length).toBeGreaterThan(0);
      expect(splitGroupsSorted(streamed.rows)).toEqual(splitGroupsSorted(fromDisk.rows));
      expect(streamed.state).toBe(fromDisk.state);
      if (fromDisk.state === 'ready') {
        // Same warnings and corrections, same voxels.
        expect(streamed.text).toBe(fromDisk.text);
        expect(streamed.digest).toEqual(fromDisk.digest);
        expect(await remote.page.getByTestId('dicomweb-progress').textContent()).toMatch(
          /^Fetched (\d+) \/ \1 instances, [\d.]+ MB$/,
        );
      }
    }
    // Search by patient ID (QIDO-RS PatientID), and a name nobody has.
    const geId = headerText(studies.get(studyOfFolder.get('ge-head-tilt')!)![0]!, 'x00100020');
    const sameId = [...studies].filter(([, files]) => headerText(files[0]!, 'x00100020') === geId).map(([uid]) => uid);
    await remote.page.getByTestId('dicomweb-search-field').selectOption('patientId');
    await remote.page.getByTestId('dicomweb-search').fill(geId);
    await remote.page.getByTestId('dicomweb-search').press('Enter');
    await expect
      .poll(async () => new Set(await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-study-uid')))), {
        timeout: 30_000,
      })
      .toEqual(new Set(sameId));
    expect(sameId.length).toBeLessThan(3);
    await remote.page.getByTestId('dicomweb-search-field').selectOption('patientName');
    await remote.page.getByTestId('dicomweb-search').fill('NOBODY-HAS-THIS-NAME');
    await remote.page.getByTestId('dicomweb-search-submit').click();
    await remote.page.getByTestId('dicomweb-no-studies').waitFor({ timeout: 30_000 });

    const tilted = local.get(studyOfFolder.get('ge-head-tilt')!)!;
    expect(tilted.text).toContain('gantry tilt 18.5° corrected');
    expect(local.get(studyOfFolder.get('philips-head')!)!.state).toBe('ready');
    // The phantom study: two volumes, a scout and the dose screens, as on disk.
    const phantom = local.get(studyOfFolder.get('philips-phantom-tilt')!)!;
    expect(phantom.rows.filter((r) => r.volume === 'true').length).toBe(2);
    expect(phantom.rows.some((r) => r.volume === 'false' && /not a volume: /.test(r.text))).toBe(true);
    expect(remote.offOriginRequests).toEqual([]);
  });

  it('opens a deep link ?dicomweb=/dicom-web&study=…&series=… to ready without a click', async () => {
    for (const folder of ['ge-head-tilt', 'philips-head']) {
      const study = studyOfFolder.get(folder)!;
      const series = local.get(study)!.rows.find((r) => r.volume === 'true')!.uid!;
      const linked = await open(app.baseUrl, `?dicomweb=/dicom-web&study=${study}&series=${series}`);
      const shown = await outcome(linked.page);
      expect(shown.state).toBe('ready');
      expect(shown.digest).toEqual(local.get(study)!.digest);
      expect(shown.text).toBe(local.get(study)!.text);
      expect(await linked.page.locator(`[data-testid="series-item"][data-series-uid="${series}"]`).count()).toBe(1);
      // Streamed in one series retrieve; a stack shown as it streams has its middle two slices fetched
      // alone first (philips-head), a resampled one (the tilted GE head) has none.
      expect(await linked.retrievedForLoad()).toEqual({ series: 1, instances: folder === 'philips-head' ? 2 : 0 });
      expect(linked.offOriginRequests).toEqual([]);
    }
  });

  it('as the README deploys it, behind nginx: cross-origin isolated, a deep link streams the same volume', async () => {
    expect(nginxInstalled(), 'nginx (Debian nginx-light) runs the README deployment').toBe(true);
    const nginx = await startNginx(app.outDir, orthanc.root);
    try {
      const study = studyOfFolder.get('philips-head')!;
      const series = local.get(study)!.rows.find((r) => r.volume === 'true')!.uid!;
      const linked = await open(nginx.baseUrl, `?dicomweb=/dicom-web&study=${study}&series=${series}`);
      expect(await linked.page.evaluate(() => crossOriginIsolated)).toBe(true);
      const shown = await outcome(linked.page);
      expect(shown.state).toBe('ready');
      expect(shown.digest).toEqual(local.get(study)!.digest);
      expect(shown.text).toBe(local.get(study)!.text);
      expect(await linked.retrievedForLoad()).toEqual({ series: 1, instances: 2 });
      expect(linked.offOriginRequests).toEqual([]);
      // A header the deployment got wrong (policy, isolation, types) shows as a refusal on the console.
      expect(linked.consoleErrors.filter((error) => /Content Security Policy|Refused to|pageerror/i.test(error))).toEqual([]);
    } finally {
      await nginx.stop();
    }
  });

  it('says in words what is wrong: a study not on the server, a server not allowing the page, one not answering', async () => {
    const missing = await open(app.baseUrl, '?dicomweb=/dicom-web&study=1.2.3.4.5.6.7');
    await expect.poll(() => stateOf(missing.page), { timeout: 30_000 }).toBe('error');
    expect(await stateText(missing.page)).toMatch(/study 1\.2\.3\.4\.5\.6\.7 not found/);
    expectWords(await stateText(missing.page));

    // Orthanc itself, not through the proxy: cross-origin without CORS, blocked by the browser.
    const direct = await open(app.baseUrl, `?dicomweb=${encodeURIComponent(orthanc.root)}`);
    await expect.poll(() => stateOf(direct.page), { timeout: 30_000 }).toBe('error');
    const blocked = await stateText(direct.page);
    expect(blocked).toContain('DICOMWEB_PROXY');
    expectWords(blocked);
    expect(direct.offOriginRequests.every((url) => url.startsWith(orthanc.origin))).toBe(true);

    const dead = await serveWithProxy('http://127.0.0.1:9/dicom-web');
    try {
      const gone = await open(dead.baseUrl, '?dicomweb=/dicom-web');
      await expect.poll(() => stateOf(gone.page), { timeout: 30_000 }).toBe('error');
      const text = await stateText(gone.page);
      expect(text).toMatch(/did not answer \(ECONNREFUSED\)/);
      expectWords(text);
      // The page is still usable: local files load.
      await gone.page.getByTestId('open-folder').setInputFiles(sharedCt('philips-head'));
      expect((await outcome(gone.page)).state).toBe('ready');
      await gone.close();
    } finally {
      await dead.close();
    }
  });

  it('Cancel stops the streaming: the load ends in words, the volume shown before stays', async () => {
    const head = studyOfFolder.get('philips-head')!;
    const tilt = studyOfFolder.get('ge-head-tilt')!;
    const tiltSeries = local.get(tilt)!.rows.find((r) => r.volume === 'true')!.uid!;
    const opened = await open(app.baseUrl, `?dicomweb=/dicom-web&study=${tilt}&series=${tiltSeries}`);
    const { page } = opened;
    expect((await outcome(page)).state).toBe('ready');
    const before = await digestOf(page);
    // The first two instances (the middle slices, fetched alone) come through; the series retrieve
    // after them waits until Cancel has been clicked.
    let passed = 0;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(RETRIEVE, async (route) => {
      if (++passed > 2) await released;
      await route.continue().catch(() => undefined);
    });
    await openStudyRow(page, head);
    await expect
      .poll(() => page.getByTestId('dicomweb-progress').textContent(), { timeout: 60_000 })
      .toMatch(/^Fetching \d+ \/ 28 instances/);
    await page.getByTestId('dicomweb-cancel').click({ timeout: 90_000 });
    release();
    await expect.poll(() => stateOf(page), { timeout: LOAD_MS }).toBe('error');
    expect(await stateText(page)).toContain('cancelled by the user');
    expect(await page.getByTestId('dicomweb-progress').textContent()).toMatch(/^Cancelled after \d+ \/ 28 instances/);
    await expect.poll(() => digestOf(page), { timeout: 30_000 }).toEqual(before);
    expect(opened.offOriginRequests).toEqual([]);
  });

  it('server stopped mid-load: the error in words, the volume shown before stays, local files still load', async () => {
    const head = studyOfFolder.get('philips-head')!;
    const tilt = studyOfFolder.get('ge-head-tilt')!;
    const tiltSeries = local.get(tilt)!.rows.find((r) => r.volume === 'true')!.uid!;
    const opened = await open(app.baseUrl, `?dicomweb=/dicom-web&study=${tilt}&series=${tiltSeries}`);
    const { page } = opened;
    expect((await outcome(page)).state).toBe('ready');
    const before = await digestOf(page);
    expect(before).toEqual(local.get(tilt)!.digest);

    // The first slices of philips-head come through (the streamed stack replaces the shown volume);
    // the series retrieve after them stops Orthanc, and it and the rest go on only once it has stopped.
    let passed = 0;
    let stopping: Promise<void> | null = null;
    await page.route(RETRIEVE, async (route) => {
      if (++passed > 2) {
        stopping ??= orthanc.stop();
        await stopping;
      }
      await route.continue();
    });
    await openStudyRow(page, head);
    await expect.poll(() => stateOf(page), { timeout: LOAD_MS }).toBe('error');
    expect(stopping).not.toBeNull();
    const text = await stateText(page);
    expect(text).toMatch(/^Could not load: .*(did not answer|lost mid-answer|cannot reach)/);
    expectWords(text);
    await expect.poll(() => digestOf(page), { timeout: 30_000 }).toEqual(before);

    await page.getByTestId('open-folder').setInputFiles(sharedCt('philips-head'));
    const after = await outcome(page);
    expect(after.state).toBe('ready');
    expect(after.digest).toEqual(local.get(head)!.digest);
    expect(opened.offOriginRequests).toEqual([]);
  });
});

describe('DICOMweb sign-in against an Orthanc that requires it', () => {
  const pages: OpenedPage[] = [];
  afterAll(async () => {
    for (const opened of pages) await opened.close();
  });

  /** Orthanc with `auth`, holding philips-head, served through the proxy. */
  async function protectedServer(auth: NonNullable<Parameters<typeof startOrthanc>[0]>['auth']) {
    const orthanc = await startOrthanc({ auth });
    const stored = await orthanc.upload(filesUnder(sharedCt('philips-head')));
    const study = studyOf(stored.stored[0]!);
    const served = await serveWithProxy(orthanc.root);
    return {
      orthanc,
      served,
      study,
      async close() {
        await served.close();
        await orthanc.stop();
      },
    };
  }

  /** Authorization headers of every request the page sends to /dicom-web. */
  function recordAuthorization(page: Page): string[] {
    const seen: string[] = [];
    page.on('request', (request: Request) => {
      if (new URL(request.url()).pathname.startsWith('/dicom-web/')) seen.push(request.headers().authorization ?? '(none)');
    });
    return seen;
  }

  it('?token= sends a bearer token on every request and leaves the address; without it, a prompt', async () => {
    const server = await protectedServer({ tokens: ['s3cr3t-token'] });
    try {
      const opened = await openPage(server.served.baseUrl, { path: null });
      pages.push(opened);
      const seen = recordAuthorization(opened.page);
      await opened.page.goto(
        new URL(`?dicomweb=/dicom-web&study=${server.study}&token=s3cr3t-token`, server.served.baseUrl).href,
      );
      const shown = await outcome(opened.page);
      expect(shown.state).toBe('ready');
      // The study search, its series, their metadata, the two middle instances and the series retrieve.
      expect(seen.length).toBeGreaterThanOrEqual(6);
      expect(new Set(seen)).toEqual(new Set(['Bearer s3cr3t-token']));
      expect(opened.page.url()).not.toContain('token');
      expect(opened.page.url()).toContain(`study=${server.study}`);
      expect(await opened.page.evaluate(() => JSON.stringify(localStorage))).not.toContain('s3cr3t');

      // No token: the server refuses (its filter answers 403), the page asks instead of failing.
      const asked = await openPage(server.served.baseUrl, { path: '?dicomweb=/dicom-web' });
      pages.push(asked);
      const form = asked.page.getByTestId('dicomweb-auth');
      await form.waitFor({ timeout: 30_000 });
      expect(await stateOf(asked.page)).not.toBe('error');
      await asked.page.getByTestId('dicomweb-auth-bearer').check();
      await asked.page.getByTestId('dicomweb-auth-token').fill('s3cr3t-token');
      await asked.page.getByTestId('dicomweb-auth-submit').click();
      await expect.poll(() => asked.page.getByTestId('dicomweb-study').count(), { timeout: 30_000 }).toBe(1);
      expect(opened.offOriginRequests).toEqual([]);
      expect(asked.offOriginRequests).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('Basic: a 401 prompts for user and password, refused ones prompt again, then the study streams', async () => {
    const server = await protectedServer({ users: { alice: 'wonder land' } });
    try {
      const opened = await openPage(server.served.baseUrl, { path: '?dicomweb=/dicom-web' });
      pages.push(opened);
      const { page } = opened;
      await page.getByTestId('dicomweb-auth').waitFor({ timeout: 30_000 });
      expect(await stateOf(page)).toBe('idle');
      expect(await page.getByTestId('dicomweb-auth-basic').isChecked()).toBe(true);
      await page.getByTestId('dicomweb-auth-user').fill('alice');
      await page.getByTestId('dicomweb-auth-password').fill('wrong');
      await page.getByTestId('dicomweb-auth-submit').click();
      await expect.poll(() => page.getByTestId('dicomweb-auth').textContent(), { timeout: 30_000 }).toContain('refused');
      await page.getByTestId('dicomweb-auth-user').fill('alice');
      await page.getByTestId('dicomweb-auth-password').fill('wonder land');
      await page.getByTestId('dicomweb-auth-submit').click();
      const row = page.locator(`[data-testid="dicomweb-study"][data-study-uid="${server.study}"]`);
      await row.waitFor({ timeout: 30_000 });
      await row.click({ timeout: 90_000 });
      const shown = await outcome(page);
      expect(shown.state).toBe('ready');
      expect(shown.text).toContain('512×512×28');
      expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain('wonder');
      expect(opened.offOriginRequests).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
