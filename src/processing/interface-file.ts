import type { PipelineEntry } from './registry';

/**
 * The `--interface-json` of a pipeline the app serves, as written beside its module at build time
 * (scripts/build-pipelines.sh): the panel shows the form from it without loading the module, so
 * opening the panel costs no wasm download or compile. Null where there is no such file to read
 * (pipelines added from files, packaged ones): the caller asks the module itself.
 */
export async function fetchInterfaceFile(entry: PipelineEntry): Promise<string | null> {
  const { location } = entry;
  if (entry.origin !== 'own' || location.kind !== 'url') return null;
  const url = `${location.baseUrl}/${location.name}.interface.json`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: the server answered ${response.status} ${response.statusText}`.trim());
  return response.text();
}
