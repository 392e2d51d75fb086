/*
 * Input no route means to take is refused at the door, before any controller sees it: a path that
 * is not valid percent-encoded UTF-8, control characters or lone surrogates in a path, a query or
 * a JSON body (tabs and line breaks are text in a body, not in an id or a query). 400 with a code
 * naming what was wrong and where, so a client (or the API fuzzer) gets an answer it can act on
 * instead of a 500 from a handler that never expected a NUL byte or half of an emoji.
 */
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from './errors';

/** C0 controls but tab, LF and CR; DEL; C1 controls. Matching control characters is the point here. */
// eslint-disable-next-line no-control-regex
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Every C0 and C1 control, DEL included: an id or a query value has no line breaks. */
// eslint-disable-next-line no-control-regex
const CONTROL_IN_NAME = /[\u0000-\u001F\u007F-\u009F]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string, if anything. */
function oddity(value: string, control: RegExp): string | undefined {
  if (control.test(value)) return 'contains a control character';
  if (LONE_SURROGATE.test(value)) return 'contains a lone surrogate (not valid Unicode text)';
  return undefined;
}

/** The first odd string in a parsed JSON value or query object: [field path, what is wrong]. */
export function findOddString(value: unknown, control: RegExp = CONTROL_IN_TEXT, at = ''): [string, string] | undefined {
  if (typeof value === 'string') {
    const problem = oddity(value, control);
    return problem ? [at || '(value)', problem] : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findOddString(value[i], control, `${at}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const field = at ? `${at}.${key}` : key;
      const badKey = oddity(key, CONTROL_IN_NAME);
      if (badKey) return [field, `has a name that ${badKey}`];
      const found = findOddString(item, control, field);
      if (found) return found;
    }
  }
  return undefined;
}

/** Each segment of a raw path, decoded; an error names the first that is not valid. */
export function checkPath(rawPath: string): { code: string; detail: string } | undefined {
  for (const segment of rawPath.split('/')) {
    if (!segment) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { code: 'REQUEST.INVALID_ENCODING', detail: `The path segment "${segment.slice(0, 80)}" is not valid percent-encoded UTF-8.` };
    }
    const problem = oddity(decoded, CONTROL_IN_NAME);
    if (problem) return { code: 'REQUEST.INVALID_CHARACTERS', detail: `A path segment ${problem}.` };
  }
  return undefined;
}

const refuse = (code: string, detail: string, field?: string, messages?: string[]) =>
  new DomainError('invalid', code, detail, field ? { errors: [{ field, messages: messages ?? [detail] }] } : undefined);

/**
 * Express middleware (after the JSON parser): refuses odd paths, queries and bodies with a 400
 * problem (REQUEST.INVALID_ENCODING or REQUEST.INVALID_CHARACTERS, the field in `errors`).
 */
export function rejectOddInput(req: Request, _res: Response, next: NextFunction): void {
  const path = checkPath(req.originalUrl.split('?')[0]);
  if (path) return next(refuse(path.code, path.detail));
  let query: unknown;
  try {
    query = req.query;
  } catch {
    return next(refuse('REQUEST.INVALID_ENCODING', 'The query string is not valid percent-encoded UTF-8.'));
  }
  const inQuery = findOddString(query, CONTROL_IN_NAME);
  if (inQuery) return next(refuse('REQUEST.INVALID_CHARACTERS', `The query parameter ${inQuery[0]} ${inQuery[1]}.`, inQuery[0], [inQuery[1]]));
  const inBody = findOddString(req.body);
  if (inBody) return next(refuse('REQUEST.INVALID_CHARACTERS', `The field ${inBody[0]} ${inBody[1]}.`, inBody[0], [inBody[1]]));
  next();
}

