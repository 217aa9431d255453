/** The benchmark's command line. */
import { parseArgs } from 'node:util';
import { SCENARIOS, type Scenario } from './datasets';

const USAGE = `usage: npm run bench -- [--scenarios a,b,c] [--out FILE] [--budget SECONDS] [--keep-dist]
  a  ../shared/data/ct/philips-head (real CT, 28 slices + DIRFILE)
  b  generated phantom 512×512×140
  c  generated phantom 512×512×2000 (1 GiB of int16)`;

export interface BenchArgs {
  selected: Scenario[];
  /** Bound of the measuring part (not the one-time generation of inputs). */
  budgetMs: number;
  /** Where to write the JSON report (none: table only). */
  out: string | undefined;
  keepDist: boolean;
}

/** The run's arguments; null after `--help`. Exits with status 2 on unknown scenarios or a bad budget. */
export function parseBenchArgs(): BenchArgs | null {
  const { values } = parseArgs({
    options: {
      scenarios: { type: 'string' },
      out: { type: 'string' },
      budget: { type: 'string' },
      'keep-dist': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return null;
  }
  const wanted = (values.scenarios ?? SCENARIOS.map((s) => s.key).join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted.filter((key) => !SCENARIOS.some((s) => s.key === key || s.name === key));
  if (unknown.length > 0) {
    console.error(`unknown scenario(s) ${unknown.join(', ')}\n${USAGE}`);
    process.exit(2);
  }
  const selected = SCENARIOS.filter((s) => wanted.includes(s.key) || wanted.includes(s.name));
  const budgetMs = Number(values.budget ?? 570) * 1000;
  if (!Number.isFinite(budgetMs) || budgetMs <= 0) {
    console.error(`--budget needs a positive number of seconds\n${USAGE}`);
    process.exit(2);
  }
  return { selected, budgetMs, out: values.out, keepDist: values['keep-dist'] ?? false };
}
