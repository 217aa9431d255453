// Writes <dir>/<name>.interface.json for each named pipeline in <dir>: what the module prints for
// `--interface-json`, so the app's pipelines panel can show a form without loading any module.
// Usage: node write-interface-json.mjs <dir> <name>...
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runPipelineNode } from 'itk-wasm';

const [dir, ...names] = process.argv.slice(2);
for (const name of names) {
  const result = await runPipelineNode(path.join(dir, name), ['--interface-json'], [], null);
  if (result.returnValue !== 0) {
    console.error(`write-interface-json: ${name} --interface-json exited with ${result.returnValue}: ${result.stderr}`);
    process.exit(1);
  }
  const parsed = JSON.parse(result.stdout);
  writeFileSync(path.join(dir, `${name}.interface.json`), `${JSON.stringify(parsed, null, 2)}\n`);
}
