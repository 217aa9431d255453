/**
 * Peak resident memory of Chromium's renderer and GPU processes during a load, read from Linux
 * /proc (Chromium runs with --no-sandbox here, so its processes belong to us and are readable).
 *
 * Method:
 * - Chromium's processes are the descendants of this Node process (playwright-core launches
 *   /usr/lib/chromium/chromium itself, which forks zygotes → renderers, GPU process, …),
 *   found through /proc/<pid>/task/<tid>/children and told apart by `--type=` on their
 *   command line. The `--top-chrome-webui` renderer is ignored.
 * - Dedicated workers (and their nested workers) run as threads of the page's renderer
 *   process, so its RSS includes the app's workers, their wasm heaps and ArrayBuffers.
 * - Which renderer hosts the page: Chromium keeps a spare renderer around and CDP does not say
 *   which process hosts a target, so the page's renderer is the one that used the most CPU
 *   time (utime+stime from /proc/<pid>/stat) during the load. Only one page is open per
 *   measurement.
 * - Peak: VmRSS is sampled every 100 ms; in addition, at the start the kernel's peak-RSS
 *   counter VmHWM of every candidate is reset (`echo 5 > /proc/<pid>/clear_refs`), so VmHWM
 *   at the end is the exact peak between start and stop, including spikes shorter than the
 *   sampling period. The reported peak is the larger of both (if the reset fails, VmHWM is
 *   not used, since it would include peaks from before the load).
 * - The GPU process (`--type=gpu-process`) stands in for video memory: with SwiftShader,
 *   textures and GL buffers live in its RAM.
 * RSS counts shared pages (libraries, shared memory with the browser) too; it is what the OS
 * has to keep resident for the process.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

export type ChromiumProcessType = 'renderer' | 'gpu';

interface Tracked {
  pid: number;
  type: ChromiumProcessType;
  cpuStart: number;
  cpuEnd: number;
  maxRssKb: number;
  hwmReset: boolean;
  hwmKb: number;
}

export interface MemoryPeak {
  /** Renderer hosting the page (most CPU during the load), or null if none was found. */
  rendererPid: number | null;
  rendererPeakMB: number | null;
  gpuPid: number | null;
  gpuPeakMB: number | null;
  samples: number;
  /** Whether the kernel peak counter could be reset (exact peak) or only sampling was used. */
  method: 'vmhwm+sampled' | 'sampled';
}

function childrenOf(pid: number): number[] {
  const kids: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return kids;
  }
  for (const tid of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) kids.push(...text.split(/\s+/).map(Number));
    } catch {
      // thread or process gone
    }
  }
  return kids;
}

export function descendantsOf(root: number): number[] {
  const out: number[] = [];
  const stack = childrenOf(root);
  while (stack.length > 0) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...childrenOf(pid));
  }
  return out;
}

function typeOf(pid: number): ChromiumProcessType | null {
  try {
    // Zygote-forked processes rewrite their title into one space-separated string.
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0\s]+/);
    if (args.includes('--type=gpu-process')) return 'gpu';
    if (args.includes('--type=renderer') && !args.includes('--top-chrome-webui')) return 'renderer';
  } catch {
    // gone
  }
  return null;
}

/** Renderer and GPU processes among the descendants of this Node process. */
export function chromiumProcesses(root = process.pid): { pid: number; type: ChromiumProcessType }[] {
  const found: { pid: number; type: ChromiumProcessType }[] = [];
  for (const pid of descendantsOf(root)) {
    const type = typeOf(pid);
    if (type) found.push({ pid, type });
  }
  return found;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** utime + stime in clock ticks. */
function cpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may contain spaces: split after the closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export class MemorySampler {
  private readonly tracked = new Map<number, Tracked>();
  private timer: NodeJS.Timeout | undefined;
  private samples = 0;

  constructor(private readonly root = process.pid, private readonly intervalMs = 100) {}

  start(): void {
    this.discover();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref?.();
  }

  /** Picks up processes started after `start()` (a renderer replacing a crashed one, …). */
  private discover(): void {
    for (const { pid, type } of chromiumProcesses(this.root)) {
      if (this.tracked.has(pid)) continue;
      const hwmReset = resetPeak(pid);
      this.tracked.set(pid, {
        pid,
        type,
        cpuStart: cpuTicks(pid) ?? 0,
        cpuEnd: 0,
        maxRssKb: statusKb(pid, 'VmRSS') ?? 0,
        hwmReset,
        hwmKb: 0,
      });
    }
  }

  private sample(): void {
    this.samples += 1;
    if (this.samples % 10 === 0) this.discover();
    for (const t of this.tracked.values()) {
      const rss = statusKb(t.pid, 'VmRSS');
      if (rss !== null && rss > t.maxRssKb) t.maxRssKb = rss;
      const cpu = cpuTicks(t.pid);
      if (cpu !== null) t.cpuEnd = cpu;
    }
  }

  stop(): MemoryPeak {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    let allReset = true;
    for (const t of this.tracked.values()) {
      t.hwmKb = t.hwmReset ? (statusKb(t.pid, 'VmHWM') ?? 0) : 0;
      allReset &&= t.hwmReset;
    }
    const peakOf = (t: Tracked | undefined): number | null => (t ? Math.max(t.maxRssKb, t.hwmKb) / 1024 : null);
    const busiest = (type: ChromiumProcessType): Tracked | undefined =>
      [...this.tracked.values()]
        .filter((t) => t.type === type)
        .sort((x, y) => y.cpuEnd - y.cpuStart - (x.cpuEnd - x.cpuStart) || y.maxRssKb - x.maxRssKb)[0];
    const renderer = busiest('renderer');
    const gpu = busiest('gpu');
    return {
      rendererPid: renderer?.pid ?? null,
      rendererPeakMB: peakOf(renderer),
      gpuPid: gpu?.pid ?? null,
      gpuPeakMB: peakOf(gpu),
      samples: this.samples,
      method: allReset && this.tracked.size > 0 ? 'vmhwm+sampled' : 'sampled',
    };
  }
}
