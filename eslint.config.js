// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layers of ARCHITECTURE.md, lowest first. Each may import itself and the layers it lists; an
 * import that goes up (or sideways where not listed) is an error.
 */
const BASE = ['math', 'runtime', 'perf', 'dom'];
/** @type {Record<string, string[]>} */
const LAYERS = {
  math: [],
  runtime: [],
  perf: [],
  dom: [],
  sources: [...BASE],
  dicom: ['sources', ...BASE],
  // volume includes src/volume/measure (lengths, angles, ROI statistics, the measurement store).
  volume: ['dicom', 'sources', ...BASE],
  phantom: ['volume', 'dicom', ...BASE],
  ingest: ['phantom', 'volume', 'dicom', 'sources', ...BASE],
  processing: ['volume', 'dicom', ...BASE],
  views: ['volume', 'dicom', ...BASE],
  ui: ['views', 'processing', 'ingest', 'phantom', 'volume', 'dicom', 'sources', ...BASE],
  cli: ['volume', 'dicom', 'sources', ...BASE],
  baseline: ['dicom', 'sources', ...BASE],
  app: ['ui', 'views', 'processing', 'ingest', 'phantom', 'volume', 'dicom', 'sources', ...BASE],
  workers: ['ingest', 'processing', 'baseline', 'phantom', 'volume', 'dicom', 'sources', ...BASE],
};
/** Scripts (build, benchmark) may use any layer of the app, never the tests. */
LAYERS.scripts = Object.keys(LAYERS).filter((layer) => !['app', 'workers'].includes(layer));

const elements = [
  ...Object.keys(LAYERS)
    .filter((layer) => !['app', 'workers', 'scripts'].includes(layer))
    .map((layer) => ({ type: layer, pattern: `src/${layer}` })),
  { type: 'workers', pattern: 'workers' },
  { type: 'scripts', pattern: 'scripts' },
  { type: 'test', pattern: 'test' },
  // Last, so that it only takes what no layer folder did: the entry module src/main.ts.
  { type: 'app', pattern: 'src' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'public/**', '.cache/**', 'pipelines/**', 'test/lint-fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
      'boundaries/elements': elements,
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            ...Object.entries(LAYERS).map(([layer, below]) => ({
              from: { element: { type: layer } },
              allow: { to: { element: { types: { anyOf: [layer, ...below] } } } },
            })),
            {
              from: { element: { type: 'test' } },
              allow: { to: { element: { types: { anyOf: [...Object.keys(LAYERS), 'test'] } } } },
            },
          ],
        },
      ],
    },
  },
  // Ambient module typings declare what a package exports; nothing in them is "used".
  { files: ['**/*.d.ts'], rules: { '@typescript-eslint/no-unused-vars': 'off' } },
  prettier,
);
