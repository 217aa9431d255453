/**
 * multipart/related (RFC 2387) as WADO-RS answers it: a boundary line, a part's headers, a blank line,
 * its body, and after the last part the boundary followed by "--". Each body is checked against the
 * part's Content-Length when it states one, and the message must end with its closing boundary: a
 * server that went away mid-answer leaves neither, and a truncated file must not reach a decoder.
 */
export interface MultipartPart {
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The body, a view into the message's buffer. */
  body: Uint8Array;
}

export class MultipartError extends Error {}

/** The boundary parameter of a multipart Content-Type, or null when it is not multipart or has none. */
export function multipartBoundary(contentType: string | null): string | null {
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return null;
  const match = /(?:^|;)\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

export const CRLF_CRLF = [13, 10, 13, 10];

export function parseMultipart(message: Uint8Array, boundary: string): MultipartPart[] {
  const delimiter = ascii(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let at = indexOf(message, delimiter, 0);
  if (at < 0) throw new MultipartError(`no part starts with its boundary (${message.byteLength} bytes)`);
  for (;;) {
    const afterDelimiter = at + delimiter.length;
    if (message[afterDelimiter] === 0x2d && message[afterDelimiter + 1] === 0x2d) return parts;
    const headersStart = skipLineEnd(message, afterDelimiter);
    // A part without headers starts with the blank line that ends them.
    const bare = message[headersStart] === 13 && message[headersStart + 1] === 10;
    const headersEnd = bare ? headersStart : indexOf(message, CRLF_CRLF, headersStart);
    if (headersEnd < 0) throw new MultipartError(`part ${parts.length + 1} ends inside its headers: the answer is truncated`);
    const headers = parseHeaders(new TextDecoder('latin1').decode(message.subarray(headersStart, headersEnd)));
    const bodyStart = headersEnd + (bare ? 2 : 4);
    const declared = headers['content-length'];
    let bodyEnd: number;
    if (declared !== undefined && /^\d+$/.test(declared.trim())) {
      bodyEnd = bodyStart + Number(declared.trim());
      if (bodyEnd > message.byteLength) {
        throw new MultipartError(
          `part ${parts.length + 1} declares ${declared.trim()} bytes, the answer holds ${message.byteLength - bodyStart}: truncated`,
        );
      }
      at = indexOf(message, delimiter, bodyEnd);
      if (at < 0 || at > bodyEnd + 2) {
        throw new MultipartError(
          `part ${parts.length + 1} is not followed by its boundary: the answer is truncated or malformed`,
        );
      }
    } else {
      const next = indexOf(message, [13, 10, ...delimiter], bodyStart);
      if (next < 0) throw new MultipartError(`part ${parts.length + 1} has no closing boundary: the answer is truncated`);
      bodyEnd = next;
      at = next + 2;
    }
    parts.push({ headers, body: message.subarray(bodyStart, bodyEnd) });
  }
}

/** A part's header lines, names in lower case. */
export function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Where a part's headers start: past the transport padding and line end after a boundary at `at`. */
export function skipLineEnd(bytes: Uint8Array, at: number): number {
  let i = at;
  while (bytes[i] === 0x20 || bytes[i] === 0x09) i++; // transport padding after the boundary
  if (bytes[i] === 13 && bytes[i + 1] === 10) return i + 2;
  if (bytes[i] === 10) return i + 1;
  return i;
}

export function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

/** First index of `needle` in `bytes` at or after `from`, or -1. */
export function indexOf(bytes: Uint8Array, needle: ArrayLike<number>, from: number): number {
  const first = needle[0]!;
  const last = bytes.byteLength - needle.length;
  for (let i = bytes.indexOf(first, from); i >= 0 && i <= last; i = bytes.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && bytes[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}
