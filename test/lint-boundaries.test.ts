/**
 * The import-direction rule of ARCHITECTURE.md, as ESLint applies it: an upward import fails lint,
 * a downward one passes. Linted as text under paths of the real tree, so imports resolve to real files.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: fileURLToPath(new URL('..', import.meta.url)) });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['src/views/upward.ts', 'views', 'ui', "import { App } from '../ui/app';\nexport const x = App;\n"],
    [
      'src/volume/upward.ts',
      'volume',
      'ingest',
      "import { IngestClient } from '../ingest/ingest-client';\nexport const x = IngestClient;\n",
    ],
    [
      'src/dicom/upward.ts',
      'dicom',
      'volume',
      "import { buildVolume } from '../volume/build-volume';\nexport const x = buildVolume;\n",
    ],
    [
      'src/processing/sideways.ts',
      'processing',
      'views',
      "import { Viewer } from '../views/viewer';\nexport const x = Viewer;\n",
    ],
    [
      'scripts/into-tests.ts',
      'scripts',
      'test',
      "import { sharedCt } from '../test/helpers/shared-data';\nexport const x = sharedCt;\n",
    ],
  ])('%s: an import from %s into %s fails', async (file, from, to, code) => {
    const errors = await boundaryErrors(file, code);
    expect(errors).toEqual([expect.stringContaining(`from elements of type "${from}" to elements of type "${to}"`)]);
  });

  it.each([
    ['src/ui/downward.ts', "import { Viewer } from '../views/viewer';\nexport const x = Viewer;\n"],
    ['src/views/downward.ts', "import type { CtVolume } from '../volume/ct-volume';\nexport type X = CtVolume;\n"],
    ['src/volume/downward.ts', "import { dot } from '../math/vec3';\nexport const x = dot;\n"],
  ])('%s: a downward import passes', async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});
