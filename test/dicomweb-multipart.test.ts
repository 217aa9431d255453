/** The WADO-RS answer parser and the retrieval limit, on bytes laid out as RFC 2387 and servers write them. */
import { describe, expect, it } from 'vitest';
import { MultipartError, multipartBoundary, parseMultipart } from '../src/sources/dicomweb/multipart';
import { RequestLimit } from '../src/sources/dicomweb/request-limit';

const text = (value: string) => new TextEncoder().encode(value);
const words = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('multipart/related', () => {
  it('finds the boundary, quoted or not, and only in a multipart type', () => {
    expect(multipartBoundary('multipart/related; type="application/dicom"; boundary=abc-1')).toBe('abc-1');
    expect(multipartBoundary('Multipart/Related; boundary="a b;c"; type="application/dicom"')).toBe('a b;c');
    expect(multipartBoundary('application/dicom')).toBeNull();
    expect(multipartBoundary(null)).toBeNull();
  });

  it('reads parts with and without Content-Length, and bodies that hold CRLF and dashes', () => {
    const message = text(
      'preamble\r\n--XY\r\nContent-Type: application/dicom\r\nContent-Length: 10\r\n\r\nab\r\n--XZ-c\r\n' +
        '--XY\r\nContent-Type: application/dicom\r\n\r\nsecond\r\n--XY--\r\n',
    );
    const parts = parseMultipart(message, 'XY');
    expect(parts.map((part) => words(part.body))).toEqual(['ab\r\n--XZ-c', 'second']);
    expect(parts[0]!.headers['content-type']).toBe('application/dicom');
  });

  it('refuses an answer cut short: in a part, before its closing boundary, or inside its headers', () => {
    const whole = '--B\r\nContent-Length: 10\r\n\r\n0123456789\r\n--B--';
    expect(() => parseMultipart(text(whole.slice(0, 30)), 'B')).toThrow(/declares 10 bytes, the answer holds \d+: truncated/);
    expect(() => parseMultipart(text('--B\r\n\r\nbody without end'), 'B')).toThrow(/part 1 has no closing boundary/);
    expect(() => parseMultipart(text('--B\r\nContent-Ty'), 'B')).toThrow(/ends inside its headers/);
    expect(() => parseMultipart(text('<html>login</html>'), 'B')).toThrow(MultipartError);
  });
});

describe('RequestLimit', () => {
  it('runs at most its limit at once, the waiting ones in the order asked, and drops an aborted one', async () => {
    const limit = new RequestLimit(2);
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const job = (n: number) => () =>
      new Promise<number>((resolve) => {
        started.push(n);
        releases.push(() => resolve(n));
      });
    const abort = new AbortController();
    const runs = [limit.run(job(1)), limit.run(job(2)), limit.run(job(3), abort.signal), limit.run(job(4))];
    await Promise.resolve();
    expect(started).toEqual([1, 2]);
    abort.abort();
    await expect(runs[2]).rejects.toThrow();
    releases[0]!();
    await runs[0];
    expect(started).toEqual([1, 2, 4]);
    releases[1]!();
    releases[2]!();
    expect(await Promise.all([runs[1], runs[3]])).toEqual([2, 4]);
  });
});

describe('RequestLimit.acquire', () => {
  it('holds a place until given back, and gives it back once however often it is called', async () => {
    const limit = new RequestLimit(2);
    const releaseStream = await limit.acquire();
    const started: number[] = [];
    let finish: () => void = () => undefined;
    const first = limit.run(async () => {
      started.push(1);
      await new Promise<void>((resolve) => (finish = resolve));
    });
    const second = limit.run(async () => void started.push(2));
    await Promise.resolve();
    expect(started).toEqual([1]);
    releaseStream();
    releaseStream();
    await second;
    expect(started).toEqual([1, 2]);
    // Two places still: the double release did not make a third.
    const third = limit.run(async () => void started.push(3));
    const fourth = limit.run(async () => void started.push(4));
    await Promise.all([third, fourth]);
    finish();
    await first;
    expect(started).toEqual([1, 2, 3, 4]);
    const held = [await limit.acquire(), await limit.acquire()];
    let waited = false;
    const waiting = limit.acquire().then((release) => {
      waited = true;
      release();
    });
    await Promise.resolve();
    expect(waited).toBe(false);
    held[0]!();
    await waiting;
    expect(waited).toBe(true);
    held[1]!();
  });
});
