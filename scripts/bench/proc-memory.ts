/**
 * Peak memory of Chromium's renderer and GPU processes during a load, read from Linux /proc
 * (Chromium runs with --no-sandbox here, so its processes belong to us and are readable).
 *
 * Two figures per process:
 * - private footprint: RssAnon + VmSwap, the memory the process itself owns. This is Chromium's
 *   own per-process measure on Linux ("private memory footprint", the task manager's "Memory
 *   footprint"): heaps, ArrayBuffers, wasm memories, JIT code. It is what `peakMemoryMB` reports.
 * - RSS: also counts file-backed pages shared with every other Chromium process (the browser
 *   binary's code, fonts, ICU data: about 120 MB of a renderer that has loaded nothing) and shared
 *   memory with the GPU process. Reported beside it as `peakRssMB`.
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
 * - Peaks: both figures are sampled every 25 ms. For RSS, the kernel's peak counter VmHWM of
 *   every candidate is also reset at the start (`echo 5 > /proc/<pid>/clear_refs`), so VmHWM at
 *   the end is the exact peak, spikes shorter than the sampling period included; the larger of
 *   both is reported (if the reset fails, VmHWM is not used: it would include earlier peaks).
 *   The kernel keeps no peak of RssAnon, so a private-footprint spike shorter than 25 ms can
 *   be missed; RSS (which contains it) bounds it from above.
 * - The GPU process (`--type=gpu-process`) stands in for video memory: with SwiftShader,
 *   textures and GL buffers live in its RAM.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

export type ChromiumProcessType = 'renderer' | 'gpu';

interface Tracked {
  pid: number;
  type: ChromiumProcessType;
  cpuStart: number;
  cpuEnd: number;
  maxRssKb: number;
  /** Peak of RssAnon + VmSwap (sampled: the kernel keeps no peak of it). */
  maxPrivateKb: number;
  /** At discovery, i.e. before the load. */
  startPrivateKb: number;
  hwmReset: boolean;
  hwmKb: number;
}

export interface MemoryPeak {
  /** Renderer hosting the page (most CPU during the load), or null if none was found. */
  rendererPid: number | null;
  /** Peak private footprint (RssAnon + VmSwap) of the page's renderer, workers included. */
  rendererPeakMB: number | null;
  /** Its private footprint when sampling started (the app open, warm, nothing loaded). */
  rendererStartMB: number | null;
  /** Peak RSS of the same process (shared pages included). */
  rendererPeakRssMB: number | null;
  gpuPid: number | null;
  /** Peak private footprint of the GPU process (textures live there with SwiftShader). */
  gpuPeakMB: number | null;
  gpuPeakRssMB: number | null;
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

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM' | 'RssAnon' | 'VmSwap'): number | null {
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

function privateKb(pid: number): number | null {
  const anon = statusKb(pid, 'RssAnon');
  return anon === null ? null : anon + (statusKb(pid, 'VmSwap') ?? 0);
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

  constructor(
    private readonly root = process.pid,
    private readonly intervalMs = 25,
  ) {}

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
      const startPrivateKb = privateKb(pid) ?? 0;
      this.tracked.set(pid, {
        pid,
        type,
        cpuStart: cpuTicks(pid) ?? 0,
        cpuEnd: 0,
        maxRssKb: statusKb(pid, 'VmRSS') ?? 0,
        maxPrivateKb: startPrivateKb,
        startPrivateKb,
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
      const own = privateKb(t.pid);
      if (own !== null && own > t.maxPrivateKb) t.maxPrivateKb = own;
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
    const rssPeakOf = (t: Tracked | undefined): number | null => (t ? Math.max(t.maxRssKb, t.hwmKb) / 1024 : null);
    const privatePeakOf = (t: Tracked | undefined): number | null => (t ? t.maxPrivateKb / 1024 : null);
    const busiest = (type: ChromiumProcessType): Tracked | undefined =>
      [...this.tracked.values()]
        .filter((t) => t.type === type)
        .sort((x, y) => y.cpuEnd - y.cpuStart - (x.cpuEnd - x.cpuStart) || y.maxRssKb - x.maxRssKb)[0];
    const renderer = busiest('renderer');
    const gpu = busiest('gpu');
    return {
      rendererPid: renderer?.pid ?? null,
      rendererPeakMB: privatePeakOf(renderer),
      rendererStartMB: renderer ? renderer.startPrivateKb / 1024 : null,
      rendererPeakRssMB: rssPeakOf(renderer),
      gpuPid: gpu?.pid ?? null,
      gpuPeakMB: privatePeakOf(gpu),
      gpuPeakRssMB: rssPeakOf(gpu),
      samples: this.samples,
      method: allReset && this.tracked.size > 0 ? 'vmhwm+sampled' : 'sampled',
    };
  }
}
