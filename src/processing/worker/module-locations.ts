/**
 * Where itk-wasm finds a pipeline's module: the path and base URL handed to runPipeline.
 *
 * Pipelines added from files are loaded from blob: URLs: itk-wasm derives `<prefix>.js` and
 * `<prefix>.wasm.zst` from one prefix, so the prefix is `<blob URL of a small wrapper module>#`
 * (the fragment is ignored when a blob: URL is fetched, so `…#.js` imports the wrapper) and the
 * `…#.wasm.zst` request is answered from memory (virtual-wasm-files.ts). Nothing goes to the network.
 */
import type { PipelineLocation } from '../registry';
import { isZstdFrame, rawZstdFrame } from '../zstd-frame';
import { serveFromMemory } from './virtual-wasm-files';

export interface ModulePath {
  path: string;
  baseUrl: string;
}

/** Added pipeline id → the path/base pair handed to runPipeline. */
const addedModules = new Map<string, ModulePath>();

export async function modulePath(location: PipelineLocation): Promise<ModulePath> {
  // A full http(s) URL: unique per pipeline, so itk-wasm's module cache (keyed by path) cannot mix
  // e.g. an own pipeline and a packaged one of the same name.
  if (location.kind === 'url') return { path: `${location.baseUrl}/${location.name}`, baseUrl: location.baseUrl };
  const known = addedModules.get(location.id);
  if (known) return known;
  const userJs = URL.createObjectURL(new Blob([location.js], { type: 'text/javascript' }));
  // locateFile: newer emscripten resolves `new URL('x.wasm', import.meta.url)` unless told otherwise,
  // which throws for a blob: module; the binary itself always comes as wasmBinary.
  const wrapper = [
    `import factory from ${JSON.stringify(userJs)};`,
    'export default (options) => factory({ ...options, locateFile: (path) => path });',
  ].join('\n');
  const wrapperUrl = URL.createObjectURL(new Blob([wrapper], { type: 'text/javascript' }));
  const bytes = new Uint8Array(await location.wasm.arrayBuffer());
  const zst = location.wasmCompressed || isZstdFrame(bytes) ? bytes : rawZstdFrame(bytes);
  serveFromMemory(`${wrapperUrl}#.wasm.zst`, zst.buffer as ArrayBuffer);
  // itk-wasm joins `${baseUrl}/${path}` for anything not starting with "http".
  const slash = wrapperUrl.lastIndexOf('/');
  const resolved = { baseUrl: wrapperUrl.slice(0, slash), path: `${wrapperUrl.slice(slash + 1)}#` };
  addedModules.set(location.id, resolved);
  return resolved;
}
