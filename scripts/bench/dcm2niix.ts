/** dcm2niix's wall time over a scenario's folder, for comparison (when it is installed). */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';

export function hasDcm2niix(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v dcm2niix'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function timeDcm2niix(dir: string, timeoutMs: number): Promise<{ ms: number | null; error: string | null }> {
  const out = await mkdtemp(join(os.tmpdir(), 'ct-bench-dcm2niix-'));
  try {
    const t0 = performance.now();
    const child = spawn('dcm2niix', ['-z', 'n', '-o', out, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const code = await new Promise<number | null>((resolveExit) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('close', (exitCode) => {
        clearTimeout(timer);
        resolveExit(exitCode);
      });
    });
    const ms = performance.now() - t0;
    if (code === null) return { ms: null, error: `dcm2niix timed out after ${(timeoutMs / 1000).toFixed(0)} s` };
    if (code !== 0) return { ms, error: `dcm2niix exited with ${code}: ${stderr.trim().split('\n').pop() ?? ''}` };
    return { ms, error: null };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
