import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DicomWebStudy, type InstanceReader, loadDicomWebStudy } from '../dicom/dicomweb-study';
import { indexHeaders } from '../dicom/index-study';
import type { StudyIndex } from '../dicom/series-types';
import { firstText } from '../sources/dicomweb/dicom-json';
import { type DicomWebAuth, DicomWebClient } from '../sources/dicomweb/dicomweb-client';
import type { SourceFile } from '../sources/source-file';
import type { SlicePixelReader } from '../volume/build-volume';
import { nodeSliceReader } from '../volume/node-slice-reader';

/** Studies asked for per QIDO-RS page when every study of a server is listed. */
const STUDY_PAGE = 200;

export interface DicomWebInput {
  root: string;
  study?: string;
  auth?: DicomWebAuth;
}

/** `--dicomweb ROOT [--study UID] [--token T | --user NAME:PASSWORD]`, or null without --dicomweb. */
export function dicomWebInput(args: string[]): DicomWebInput | null {
  const root = option(args, '--dicomweb');
  if (root === undefined) return null;
  const token = option(args, '--token');
  const user = option(args, '--user');
  const study = option(args, '--study');
  let auth: DicomWebAuth | undefined;
  if (token) auth = { kind: 'bearer', token };
  else if (user) {
    const colon = user.indexOf(':');
    auth = { kind: 'basic', user: colon < 0 ? user : user.slice(0, colon), password: colon < 0 ? '' : user.slice(colon + 1) };
  }
  return { root, ...(study ? { study } : {}), ...(auth ? { auth } : {}) };
}

export interface DicomWebIndex {
  index: StudyIndex;
  /** Every indexed file as a source whose bytes are retrieved when read (see instanceSources). */
  readers: Map<string, InstanceReader>;
}

/** The index of one study, or of every study the server holds, from metadata alone. */
export async function indexDicomWeb(input: DicomWebInput): Promise<DicomWebIndex> {
  const client = new DicomWebClient({ root: input.root, ...(input.auth ? { auth: input.auth } : {}) });
  const studyUids = input.study ? [input.study] : await allStudyUids(client);
  const studies: DicomWebStudy[] = [];
  for (const uid of studyUids) studies.push(await loadDicomWebStudy(client, uid));
  const headers = studies.flatMap((study) => study.headers);
  const skipped = studies.flatMap((study) => study.skipped).sort((a, b) => a.file.localeCompare(b.file));
  const readers = new Map(studies.flatMap((study) => [...study.readers]));
  // With several studies, names are prefixed by the study so that they stay unique.
  if (studies.length > 1) return prefixedByStudy(studies);
  return { index: indexHeaders(headers, skipped), readers };
}

function prefixedByStudy(studies: DicomWebStudy[]): DicomWebIndex {
  const readers = new Map<string, InstanceReader>();
  const headers = [];
  const skipped = [];
  for (const study of studies) {
    const prefix = (file: string) => `${study.studyInstanceUID}/${file}`;
    for (const header of study.headers) {
      readers.set(prefix(header.file), study.readers.get(header.file)!);
      header.file = prefix(header.file);
      headers.push(header);
    }
    skipped.push(...study.skipped.map((file) => ({ ...file, file: prefix(file.file) })));
  }
  skipped.sort((a, b) => a.file.localeCompare(b.file));
  return { index: indexHeaders(headers, skipped), readers };
}

async function allStudyUids(client: DicomWebClient): Promise<string[]> {
  const uids: string[] = [];
  for (let offset = 0; ; offset += STUDY_PAGE) {
    const page = await client.searchStudies({ limit: STUDY_PAGE, offset });
    uids.push(...page.map((study) => firstText(study, '0020000D')).filter(Boolean));
    if (page.length < STUDY_PAGE) return [...new Set(uids)];
  }
}

/** The index, and the sources and reader a build reads the server's instances through; `close` when done. */
export async function openDicomWeb(input: DicomWebInput) {
  const { index, readers } = await indexDicomWeb(input);
  return { index, ...(await instanceSources(readers)) };
}

/**
 * Sources over the server for the Node build: itk-wasm's Node reader takes paths, so an instance read
 * is written to a temporary file, removed once its chunk is decoded (`reader`); at most a chunk's
 * instances are on disk at a time. `close` removes the folder.
 */
export async function instanceSources(readers: Map<string, InstanceReader>): Promise<{
  sources: Map<string, SourceFile>;
  reader: SlicePixelReader;
  close(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'ct-dicomweb-'));
  let count = 0;
  const sources = new Map<string, SourceFile>();
  for (const [name, read] of readers) {
    const path = join(dir, `${++count}.dcm`);
    const source: SourceFile & { path?: string } = {
      name,
      size: 0,
      async readAll() {
        const bytes = new Uint8Array(await read());
        await writeFile(path, bytes);
        source.path = path;
        return bytes;
      },
      async readRange(start, end) {
        return (await this.readAll()).subarray(start, end);
      },
    };
    sources.set(name, source);
  }
  const reader: SlicePixelReader = {
    async readSlices(slices) {
      try {
        return await nodeSliceReader.readSlices(slices);
      } finally {
        await Promise.all(slices.map(({ source }) => removeTemporary(source as SourceFile & { path?: string })));
      }
    },
  };
  return { sources, reader, close: () => rm(dir, { recursive: true, force: true }) };
}

async function removeTemporary(source: SourceFile & { path?: string }): Promise<void> {
  if (!source.path) return;
  const path = source.path;
  delete source.path;
  await unlink(path).catch(() => undefined);
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}
