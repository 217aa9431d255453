/**
 * DICOM strings are text, never markup, and the page runs under a Content-Security-Policy without
 * inline script or style: no file of the app may use an HTML sink, eval, or an inline style.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './helpers/shared-data';

const SINKS: Array<[string, RegExp]> = [
  ['innerHTML / outerHTML', /\.(?:inner|outer)HTML\s*\+?=(?!=)/],
  ['insertAdjacentHTML', /insertAdjacentHTML\s*\(/],
  ['document.write', /document\.write(?:ln)?\s*\(/],
  ['createContextualFragment', /createContextualFragment\s*\(/],
  ['setHTMLUnsafe / parseHTMLUnsafe', /(?:set|parse)HTMLUnsafe\s*\(/],
  ['DOMParser', /new\s+DOMParser\b/],
  ['srcdoc', /\.srcdoc\s*=|['"]srcdoc['"]/],
  ['eval', /(?<![\w.$])eval\s*\(/],
  ['new Function', /new\s+Function\s*\(/],
  ['string timer', /set(?:Timeout|Interval)\s*\(\s*['"`]/],
  ['<style> element', /createElement\(\s*['"`]style['"`]\s*\)/],
  ['style attribute', /setAttribute\(\s*['"`]style['"`]/],
];

const HTML_SINKS: Array<[string, RegExp]> = [
  ['<style> element', /<style[\s>]/i],
  ['style attribute', /\sstyle\s*=/i],
  ['event handler attribute', /\son[a-z]+\s*=/i],
  ['inline script', /<script(?![^>]*\bsrc=)[^>]*>/i],
];

function filesUnder(dir: string, extension: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, extension);
    return extension.test(name) ? [path] : [];
  });
}

/** Every `file:line: sink` in the files, comments included (a commented-out sink is one edit away). */
function findSinks(files: string[], sinks: Array<[string, RegExp]>): string[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, index) =>
        sinks.filter(([, pattern]) => pattern.test(line)).map(([name]) => `${relative(projectRoot, file)}:${index + 1}: ${name}`),
      ),
  );
}

describe('no markup sinks, eval or inline styles in the app', () => {
  it('src/ and workers/ use none', () => {
    const files = ['src', 'workers'].flatMap((dir) => filesUnder(join(projectRoot, dir), /\.ts$/));
    expect(files.length).toBeGreaterThan(50);
    expect(findSinks(files, SINKS)).toEqual([]);
  });

  it('index.html and baseline.html have no inline script, style or handler', () => {
    expect(findSinks([join(projectRoot, 'index.html'), join(projectRoot, 'baseline.html')], HTML_SINKS)).toEqual([]);
  });

  it('each pattern finds its sink (so the scan above would fail on one)', () => {
    const samples = [
      'row.innerHTML = name;',
      'row.outerHTML += x',
      "el.insertAdjacentHTML('beforeend', s)",
      'document.write(s)',
      'range.createContextualFragment(s)',
      'el.setHTMLUnsafe(s)',
      'new DOMParser().parseFromString(s)',
      'frame.srcdoc = s',
      'eval(code)',
      'new Function("return 1")',
      "setTimeout('go()', 1)",
      "document.createElement('style')",
      "el.setAttribute('style', s)",
    ];
    expect(samples.map((line) => SINKS.some(([, pattern]) => pattern.test(line)))).toEqual(samples.map(() => true));
    const html = ['<style>a{}</style>', '<div style="x">', '<img src=x onerror="y">', '<script>go()</script>'];
    expect(html.map((line) => HTML_SINKS.some(([, pattern]) => pattern.test(line)))).toEqual(html.map(() => true));
    for (const harmless of ["x.innerHTML === ''", 'element.style.cssText = s', '<script type="module" src="/src/main.ts">']) {
      expect(
        SINKS.concat(HTML_SINKS).some(([, pattern]) => pattern.test(harmless)),
        harmless,
      ).toBe(false);
    }
  });
});
