/** Issue #17 item 7: what thumbnails wait for — no index, build or 2D read in flight (LoadActivity). */
import { describe, expect, it } from 'vitest';
import { LoadActivity } from '../src/ingest/load-activity';

describe('LoadActivity', () => {
  it('is busy from the first load begun to the last one ended, and says so in order', async () => {
    const loads = new LoadActivity();
    const changes: string[] = [];
    loads.listen((change) => changes.push(change));
    expect(loads.busy).toBe(false);
    await loads.idle();

    let endFirst!: () => void;
    let endSecond!: () => void;
    const first = loads.during(() => new Promise<string>((resolve) => (endFirst = () => resolve('first'))));
    const second = loads.during(() => new Promise<string>((resolve) => (endSecond = () => resolve('second'))));
    expect(loads.busy).toBe(true);
    expect(loads.begunCount).toBe(2);
    let idle = false;
    const waited = loads.idle().then(() => (idle = true));

    endFirst();
    expect(await first).toBe('first');
    await Promise.resolve();
    expect([loads.busy, idle]).toEqual([true, false]);
    endSecond();
    expect(await second).toBe('second');
    await waited;
    expect([loads.busy, idle]).toEqual([false, true]);
    expect(changes).toEqual(['begins', 'begins', 'idle']);
  });

  it('ends a load that fails, and passes its error on', async () => {
    const loads = new LoadActivity();
    await expect(loads.during(() => Promise.reject(new Error('file.dcm: unreadable')))).rejects.toThrow('file.dcm: unreadable');
    expect(loads.busy).toBe(false);
    await loads.idle();
  });
});
