import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { invalid, tooLarge } from '@clinic-flow/platform';

/** Room for the multipart framing and the small form fields around a file at the size limit. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

export interface IncomingFile {
  /** The file's bytes as they arrive; ends early, with `truncated` set, at the size limit. */
  stream: Readable & { truncated?: boolean };
  filename?: string;
  /** What the client said the type is: recorded nowhere, trusted for nothing. */
  declaredType: string;
}

/**
 * Reads a multipart/form-data upload as a stream: form fields (which must come before the file),
 * then one part named `file`, handed to `onFile` while it arrives, so nothing is buffered beyond
 * what `onFile` holds. Busboy stops passing file bytes one past `maxBytes` (the stream ends truncated);
 * when `onFile` fails, the rest of the request is read and thrown away (not kept), so the answer
 * can go out at once and the connection stays usable.
 */
export function readUpload<T>(
  req: IncomingMessage,
  maxBytes: number,
  onFile: (file: IncomingFile, fields: Record<string, string>) => Promise<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const drain = () => {
      req.unpipe();
      req.resume();
    };
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      drain();
      reject(error);
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes + FORM_OVERHEAD_BYTES) {
      return fail(tooLarge('DOCUMENT.TOO_LARGE', `A document may be at most ${maxBytes} bytes.`));
    }
    let parser: busboy.Busboy;
    try {
      // Busboy marks a file truncated on reaching its limit, so one byte more: truncated = too large.
      parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes + 1, fields: 10, fieldSize: 1024, parts: 12 } });
    } catch {
      return fail(invalid('DOCUMENT.MULTIPART_REQUIRED', 'Send the document as multipart/form-data with a part named "file".'));
    }
    const fields: Record<string, string> = {};
    let handling: Promise<T> | undefined;
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || handling) {
        stream.resume();
        return;
      }
      handling = onFile({ stream, filename: info.filename, declaredType: info.mimeType }, { ...fields });
      handling.catch(fail);
    });
    parser.on('error', () => fail(invalid('DOCUMENT.MALFORMED_UPLOAD', 'The multipart body could not be read.')));
    parser.on('close', () => {
      if (!handling) return fail(invalid('DOCUMENT.FILE_REQUIRED', 'The form has no part named "file".'));
      handling.then(
        (result) => {
          if (settled) return;
          settled = true;
          resolve(result);
        },
        fail,
      );
    });
    req.on('error', () => fail(invalid('DOCUMENT.MALFORMED_UPLOAD', 'The upload was interrupted.')));
    req.pipe(parser);
  });
}

/** The first `bytes` of a stream (fewer if it is shorter), and an iterator that goes on after them. */
export async function readHead(stream: Readable, bytes: number): Promise<{ head: Buffer; rest: AsyncIterator<Buffer> }> {
  const rest = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const parts: Buffer[] = [];
  let length = 0;
  while (length < bytes) {
    const next = await rest.next();
    if (next.done) break;
    parts.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(parts), rest };
}
