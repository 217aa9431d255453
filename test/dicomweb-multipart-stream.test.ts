/**
 * The streamed multipart parser: the same parts as the whole-answer parser, however the bytes are
 * cut, from a stream of chunks made in script and from a byte stream (what a fetch body is), which it
 * reads straight into each part's own buffer.
 */
import { describe, expect, it } from 'vitest';
import { MultipartError, parseMultipart } from '../src/sources/dicomweb/multipart';
import { streamMultipart } from '../src/sources/dicomweb/multipart-stream';

const text = (value: string) => new TextEncoder().encode(value);
const words = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

type Kind = 'chunks' | 'bytes';
const KINDS: Kind[] = ['chunks', 'bytes'];

/**
 * `bytes` as a stream of `size`-byte pieces: chunks enqueued (`chunks`), or a byte stream that fills
 * the reader's own buffers when it brings them (`bytes`). `state` says whether the reader cancelled
 * it, how often it was pulled, and the sizes of the buffers a byte-stream reader brought.
 */
function chunked(bytes: Uint8Array, size: number, kind: Kind = 'chunks') {
  const state = { cancelled: false, pulled: 0, readerBuffers: [] as number[] };
  let at = 0;
  const cancel = () => {
    state.cancelled = true;
  };
  if (kind === 'bytes') {
    const stream = new ReadableStream({
      type: 'bytes',
      pull(controller) {
        state.pulled++;
        if (at >= bytes.byteLength) {
          controller.close();
          controller.byobRequest?.respond(0);
          return;
        }
        const request = controller.byobRequest;
        if (request?.view) {
          const view = new Uint8Array(request.view.buffer, request.view.byteOffset, request.view.byteLength);
          state.readerBuffers.push(view.buffer.byteLength);
          const piece = bytes.subarray(at, at + Math.min(size, view.byteLength));
          view.set(piece);
          at += piece.byteLength;
          request.respond(piece.byteLength);
        } else {
          controller.enqueue(bytes.slice(at, at + size));
          at += size;
        }
      },
      cancel,
    });
    return { stream, state };
  }
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulled++;
      if (at >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
    cancel,
  });
  return { stream, state };
}

async function partsOf(bytes: Uint8Array, boundary: string, size: number, kind: Kind = 'chunks') {
  const parts = [];
  for await (const part of streamMultipart(chunked(bytes, size, kind).stream, boundary)) parts.push(part);
  return parts;
}

/** A message of `count` parts, every other one without Content-Length, bodies holding CR LF and dashes. */
function message(count: number, boundary: string): Uint8Array {
  let body = 'preamble to ignore\r\n';
  for (let k = 0; k < count; k++) {
    const content = `part ${k}\r\n--${boundary.slice(0, -1)}x\r\n${'-'.repeat(k * 37)}`;
    const length = k % 2 === 0 ? `Content-Length: ${text(content).byteLength}\r\n` : '';
    body += `--${boundary}\r\nContent-Type: application/dicom\r\n${length}\r\n${content}\r\n`;
  }
  return text(`${body}--${boundary}--\r\n`);
}

describe.each(KINDS)('streamed multipart/related, %s', (kind) => {
  it('gives the parts parseMultipart gives, whatever the chunk size, each body in a buffer of its own', async () => {
    const bytes = message(9, 'Bound-42');
    const whole = parseMultipart(bytes, 'Bound-42').map((part) => [part.headers, words(part.body)]);
    expect(whole).toHaveLength(9);
    for (const size of [1, 2, 3, 7, 13, 64, 1000, bytes.byteLength]) {
      const parts = await partsOf(bytes, 'Bound-42', size, kind);
      expect(parts.map((part) => [part.headers, words(part.body)])).toEqual(whole);
      for (const part of parts) expect(part.body.byteLength).toBe(part.body.buffer.byteLength);
    }
  });

  it('reads a body of many megabytes across chunks, byte for byte', async () => {
    const big = new Uint8Array(3 * 2 ** 20 + 17).map((_, i) => (i * 7919) % 251);
    const head = text('--B\r\nContent-Length: ' + big.byteLength + '\r\n\r\n');
    const bytes = new Uint8Array([...head, ...big, ...text('\r\n--B\r\n\r\nsecond\r\n--B--')]);
    const { stream, state } = chunked(bytes, 65_536, kind);
    const parts = [];
    for await (const part of streamMultipart(stream, 'B')) parts.push(part);
    expect(parts).toHaveLength(2);
    // From a byte stream, the body is read into the buffer it is handed over in: no second copy.
    if (kind === 'bytes') expect(state.readerBuffers).toContain(big.byteLength);
    expect(Buffer.compare(Buffer.from(parts[0]!.body), Buffer.from(big))).toBe(0);
    expect(words(parts[1]!.body)).toBe('second');
  });

  it('refuses an answer cut short anywhere, in the words of the whole-answer parser', async () => {
    const bytes = message(3, 'B');
    for (let end = 1; end < bytes.byteLength - 4; end += 5) {
      const cut = bytes.slice(0, end);
      const error = await partsOf(cut, 'B', 11, kind).catch((e: unknown) => e);
      expect(error, `cut at ${end}`).toBeInstanceOf(MultipartError);
    }
    const whole = '--B\r\nContent-Length: 10\r\n\r\n0123456789\r\n--B--';
    await expect(partsOf(text(whole.slice(0, 30)), 'B', 4, kind)).rejects.toThrow(
      /declares 10 bytes, the answer holds \d+: truncated/,
    );
    await expect(partsOf(text('--B\r\n\r\nbody without end'), 'B', 4, kind)).rejects.toThrow(/part 1 has no closing boundary/);
    await expect(partsOf(text('--B\r\nContent-Ty'), 'B', 4, kind)).rejects.toThrow(/ends inside its headers/);
    await expect(partsOf(text('<html>login</html>'), 'B', 4, kind)).rejects.toThrow(/no part starts with its boundary/);
    await expect(partsOf(text('--B\r\nContent-Length: 2\r\n\r\nab\r\nXX'), 'B', 4, kind)).rejects.toThrow(
      /not followed by its boundary/,
    );
  });

  it('stops reading the stream when the caller stops asking', async () => {
    const bytes = message(200, 'B');
    const { stream, state } = chunked(bytes, 16, kind);
    const parts = streamMultipart(stream, 'B');
    expect(words((await parts.next()).value!.body)).toMatch(/^part 0/);
    await parts.return(undefined);
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(bytes.byteLength / 16 / 10);
  });
});
