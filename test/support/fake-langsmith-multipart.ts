/**
 * A multipart/form-data parser (RFC 7578) for the fake LangSmith server, written from the
 * spec so the tests check the bytes the SDK really sends rather than trusting a library.
 */

export interface FormPart {
  name: string;
  filename: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

export function boundaryOf(contentType: string | undefined): string {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const boundary = match?.[1] ?? match?.[2];
  if (!contentType?.toLowerCase().startsWith('multipart/form-data') || !boundary) {
    throw new Error(`not multipart/form-data: ${contentType ?? '(no content-type)'}`);
  }
  return boundary;
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`bad part header line: ${line}`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function dispositionParam(disposition: string, key: string): string | undefined {
  const match = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition);
  return match?.[1]?.replace(/\\(.)/g, '$1').replace(/%22/g, '"');
}

export function parseMultipart(body: Buffer, contentType: string | undefined): FormPart[] {
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  const parts: FormPart[] = [];
  let position = body.indexOf(delimiter);
  if (position !== 0) throw new Error('multipart body does not start with the boundary');
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === '--') return parts; // closing delimiter
    if (!body.subarray(position, position + 2).equals(CRLF)) throw new Error('boundary not followed by CRLF');
    position += 2;
    const headerEnd = body.indexOf(HEADER_END, position);
    if (headerEnd < 0) throw new Error('part headers never end');
    const headers = parseHeaders(body.subarray(position, headerEnd).toString('utf8'));
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), headerEnd + 4);
    if (next < 0) throw new Error('part never closed by a boundary');
    const disposition = headers.get('content-disposition') ?? '';
    const name = dispositionParam(disposition, 'name');
    if (!disposition.startsWith('form-data') || name === undefined) throw new Error(`bad content-disposition: ${disposition}`);
    parts.push({
      name,
      filename: dispositionParam(disposition, 'filename'),
      contentType: headers.get('content-type'),
      body: body.subarray(headerEnd + 4, next),
    });
    position = next + 2;
  }
}
