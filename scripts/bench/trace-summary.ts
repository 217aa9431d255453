/**
 * Sums up a Chromium trace (scripts/bench/interaction-trace.ts): per process and thread, the time its
 * top-level slices took within the trace, and the slice names that took most of it.
 *
 *   npx tsx scripts/bench/trace-summary.ts TRACE.json [--top 6]
 */
import { readFileSync } from 'node:fs';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

/** Task wrappers whose names say nothing of the work inside them. */
const GENERIC = new Set(['ThreadControllerImpl::RunTask', 'ThreadPool_RunTask', 'EpollEvent']);

function main(): void {
  const [file, ...rest] = process.argv.slice(2);
  if (!file) throw new Error('usage: trace-summary.ts TRACE.json [--top N]');
  const top = Number(rest[rest.indexOf('--top') + 1] ?? 6) || 6;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const processNames = new Map<number, string>();
  const threadNames = new Map<string, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'process_name') processNames.set(e.pid, e.args?.name ?? '?');
    if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  }
  const complete = events.filter((e) => e.ph === 'X' && typeof e.dur === 'number');
  const span = complete.length ? Math.max(...complete.map((e) => e.ts + e.dur!)) - Math.min(...complete.map((e) => e.ts)) : 0;
  console.log(`${file}: ${(span / 1000).toFixed(0)} ms traced`);
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of complete) {
    const key = `${e.pid}:${e.tid}`;
    byThread.set(key, [...(byThread.get(key) ?? []), e]);
  }
  const rows = [...byThread.entries()].map(([key, list]) => {
    // Busy time: top-level slices only (a slice inside another one's time is already counted there).
    // What took it: the slices one and two levels down, where the generic task wrappers name their work.
    list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const open: number[] = [];
    let busy = 0;
    const names = new Map<string, number>();
    for (const e of list) {
      while (open.length > 0 && e.ts >= open[open.length - 1]!) open.pop();
      const depth = open.length;
      if (depth === 0) busy += e.dur!;
      if (depth === 1 || depth === 2 || (depth === 0 && !GENERIC.has(e.name))) {
        names.set(`${'  '.repeat(depth)}${e.name}`, (names.get(`${'  '.repeat(depth)}${e.name}`) ?? 0) + e.dur!);
      }
      open.push(e.ts + e.dur!);
    }
    const pid = Number(key.split(':')[0]);
    return { thread: `${processNames.get(pid) ?? pid} / ${threadNames.get(key) ?? key}`, busy, names };
  });
  rows.sort((a, b) => b.busy - a.busy);
  for (const row of rows.slice(0, 12)) {
    const names = [...row.names.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
    console.log(`  ${(row.busy / 1000).toFixed(0).padStart(7)} ms  ${row.thread}`);
    for (const [name, dur] of names) console.log(`  ${''.padStart(7)}     ${(dur / 1000).toFixed(1).padStart(8)} ms  ${name}`);
  }
}

main();
