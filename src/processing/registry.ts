/**
 * Every pipeline the app can run: the project's own (public/pipelines, served at `<base>pipelines/`),
 * published `@itk-wasm/*` ones served by the Vite plugin at `<base>itk/<package>/`, and pipelines the
 * user adds at run time as a `.js` + `.wasm` / `.wasm.zst` file pair (never uploaded anywhere: the
 * pipeline worker loads them from blob: URLs, see worker/module-locations.ts).
 */
import { itkPipelinesBaseUrl } from '../runtime/itk-pipeline-urls';
import { OWN_PIPELINES } from './own-pipelines';

/** Published pipelines: [package short name, pipeline name]. */
export const PACKAGE_PIPELINES = [['downsample', 'downsample']] as const;

/** Where the worker finds a pipeline's `.js` and `.wasm.zst`. */
export type PipelineLocation =
  | { kind: 'url'; /** absolute, no trailing slash */ baseUrl: string; name: string }
  | {
      kind: 'files';
      /** unique per added pair: the worker's module cache key */
      id: string;
      js: Blob;
      wasm: Blob;
      wasmCompressed: boolean;
    };

export interface PipelineEntry {
  /** Unique; the `<option value>` of the pipeline list. */
  name: string;
  origin: 'own' | 'package' | 'added';
  /** Shown in the list: the name, plus where it comes from. */
  label: string;
  location: PipelineLocation;
}

/** Absolute URL (no trailing slash) of the project's own pipelines; works in pages and workers. */
export function ownPipelinesBaseUrl(): string {
  const origin = globalThis.self?.location?.origin;
  if (!origin || origin === 'null') throw new Error('ownPipelinesBaseUrl: no self.location.origin');
  let base = import.meta.env.BASE_URL || '/';
  if (!base.startsWith('/') && !/^[a-z][a-z0-9+.-]*:/i.test(base)) base = '/';
  if (!base.endsWith('/')) base += '/';
  return new URL(`${base}pipelines`, origin).href;
}

export function builtInPipelines(): PipelineEntry[] {
  const own = OWN_PIPELINES.map((name): PipelineEntry => ({
    name,
    origin: 'own',
    label: name,
    location: { kind: 'url', baseUrl: ownPipelinesBaseUrl(), name },
  }));
  const packaged = PACKAGE_PIPELINES.map(([pkg, name]): PipelineEntry => ({
    name,
    origin: 'package',
    label: `${name} (@itk-wasm/${pkg})`,
    location: { kind: 'url', baseUrl: itkPipelinesBaseUrl(pkg), name },
  }));
  return [...own, ...packaged];
}

export interface FilePair<F> {
  name: string;
  js: F;
  wasm: F;
  wasmCompressed: boolean;
}

/**
 * Pairs chosen files by base name: `x.js` with `x.wasm.zst` or `x.wasm` (the compressed one wins).
 * Pure (works on anything with a `name`), so it is tested in Node.
 */
export function pairPipelineFiles<F extends { name: string }>(files: readonly F[]): { pairs: FilePair<F>[]; problems: string[] } {
  const groups = new Map<string, { js?: F; wasm?: F; zst?: F }>();
  const problems: string[] = [];
  for (const file of files) {
    const match = /^(.*?)(\.js|\.mjs|\.wasm\.zst|\.wasm)$/i.exec(file.name);
    if (!match || !match[1]) {
      problems.push(`${file.name}: not a .js, .wasm or .wasm.zst file`);
      continue;
    }
    const base = match[1];
    const ext = match[2]!.toLowerCase();
    const group = groups.get(base) ?? {};
    if (ext === '.js' || ext === '.mjs') group.js = file;
    else if (ext === '.wasm') group.wasm = file;
    else group.zst = file;
    groups.set(base, group);
  }
  const pairs: FilePair<F>[] = [];
  for (const [name, group] of groups) {
    const wasm = group.zst ?? group.wasm;
    if (!group.js) problems.push(`${name}: the .js file is missing`);
    else if (!wasm) problems.push(`${name}: the .wasm or .wasm.zst file is missing`);
    else pairs.push({ name, js: group.js, wasm, wasmCompressed: wasm === group.zst });
  }
  return { pairs, problems };
}

let addedCount = 0;

/** The list shown in the panel; added pipelines get a unique name when theirs is taken. */
export class PipelineRegistry {
  private readonly entries: PipelineEntry[];
  private readonly listeners = new Set<() => void>();

  constructor(entries: PipelineEntry[] = builtInPipelines()) {
    this.entries = [...entries];
  }

  list(): readonly PipelineEntry[] {
    return this.entries;
  }

  get(name: string): PipelineEntry | undefined {
    return this.entries.find((entry) => entry.name === name);
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** Adds every complete pair among `files`; returns the new entries and what could not be paired. */
  addFiles(files: readonly File[]): { added: PipelineEntry[]; problems: string[] } {
    const { pairs, problems } = pairPipelineFiles(files);
    const added = pairs.map((pair) => {
      let name = pair.name;
      for (let n = 2; this.get(name); n++) name = `${pair.name}-${n}`;
      const entry: PipelineEntry = {
        name,
        origin: 'added',
        label: `${name} (added)`,
        location: {
          kind: 'files',
          id: `added-${++addedCount}-${name}`,
          js: pair.js,
          wasm: pair.wasm,
          wasmCompressed: pair.wasmCompressed,
        },
      };
      this.entries.push(entry);
      return entry;
    });
    if (added.length > 0) for (const listener of this.listeners) listener();
    return { added, problems };
  }
}
