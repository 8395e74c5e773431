/**
 * A recorded request as one bash line: `curl` with the method, URL, every header and the body,
 * quoted so that any byte reaches the target unchanged. Reporters print it under
 * `Reproduce with:`; `ruleprobe replay` is the faithful way (it signs again), this line is the one
 * a person can paste and edit.
 */
import { REDACTED } from '../sign/redact.js';
import type { SentRequest } from '../runner/verdict.js';

/** Characters that need no quoting at all in a shell word. */
const BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Bytes of a latin1 string (one char per byte); a char above U+00FF, which the runner never records, goes as UTF-8. */
function bytesOf(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c <= 0xff) out.push(c);
    else out.push(...Buffer.from(ch, 'utf8'));
  }
  return out;
}

const hex = (b: number): string => `\\x${b.toString(16).padStart(2, '0')}`;

/**
 * ANSI-C quoting (`$'…'`, bash, zsh, ksh): printable ASCII as itself, every other byte as `\xHH`
 * (always two digits, so a following hex-looking character is never swallowed). `!` is escaped
 * too, so an interactive shell's history expansion cannot touch a pasted line.
 */
function ansiC(s: string): string {
  let out = "$'";
  for (const b of bytesOf(s)) {
    if (b === 0x5c) out += '\\\\';
    else if (b === 0x27) out += "\\'";
    else if (b === 0x21 || b < 0x20 || b > 0x7e) out += hex(b);
    else out += String.fromCharCode(b);
  }
  return `${out}'`;
}

/**
 * A word as it is when nothing in it is special to the shell, in plain single quotes when it is
 * printable ASCII (`'` written as `'\''`), else `$'…'`. Header arguments are always quoted (`bare`
 * false), so every `-H` reads alike.
 */
export function shellQuote(s: string, bare = true): string {
  if (bare && BARE.test(s)) return s;
  if (/^[\x20-\x7e]*$/.test(s) && !s.includes('!')) return `'${s.replaceAll("'", "'\\''")}'`;
  return ansiC(s);
}

/** The environment variable that stands in for a redacted header: `RULEPROBE_AUTHORIZATION`. */
export function secretVariable(header: string): string {
  return `RULEPROBE_${header.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The argument of `-H` for one header. */
function headerArg(name: string, value: string): string {
  if (value.includes(REDACTED)) {
    // The report holds only the redacted value (the signature was cut out before the report was
    // written), so the line refers to a variable the reader sets to a freshly signed value:
    // `-H "Authorization: $RULEPROBE_AUTHORIZATION"`. The secret never appears in a report.
    const v = secretVariable(name);
    return /^[A-Za-z0-9-]+$/.test(name) ? `"${name}: $${v}"` : `${shellQuote(`${name}: `, false)}"$${v}"`;
  }
  // `Name:` alone tells curl to drop the header; `Name;` sends it with an empty value.
  return shellQuote(value === '' ? `${name};` : `${name}: ${value}`, false);
}

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * One shell-safe line that sends `req` again. Headers curl would add on its own are switched off
 * where they change what the target sees (a Content-Type the request did not have, `Expect:
 * 100-continue`); curl's `Accept` and `User-Agent` stay. A body cut at the preview limit is sent
 * as shown and said so in a trailing comment.
 */
export function curlFor(req: SentRequest): string {
  const args: string[] = ['curl', '-i'];
  const method = req.method.toUpperCase();
  const hasBody = req.body.length > 0 || req.bodyBytes > 0 || METHODS_WITH_BODY.has(method);
  if (method === 'HEAD') args.push('--head');
  else if (!(method === 'GET' && !hasBody) && !(method === 'POST' && hasBody)) args.push('-X', shellQuote(req.method));

  // Without these curl would expand `[]`/`{}` as globs and squash `/./` and `/../` in the path.
  if (/[[\]{}]/.test(req.url)) args.push('--globoff');
  const path = req.url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/[?#][\s\S]*$/, '');
  if (/(^|\/)\.\.?(\/|$)/.test(path)) args.push('--path-as-is');
  args.push(shellQuote(req.url));

  const names = new Set(req.headers.map(([n]) => n.toLowerCase()));
  for (const [name, value] of req.headers) {
    // A cut body would not match the recorded length; curl counts what it sends.
    if (req.bodyTruncated && name.toLowerCase() === 'content-length') continue;
    args.push('-H', headerArg(name, value));
  }
  if (hasBody && !names.has('content-type')) args.push('-H', shellQuote('Content-Type:', false));
  // curl asks for 100-continue above 1 KiB; the recorded request did not.
  if (req.body.length > 1024 && !names.has('expect')) args.push('-H', shellQuote('Expect:', false));

  let prefix = '';
  if (hasBody) {
    if (req.body.includes('\0')) {
      // No shell word can hold a NUL byte: printf writes the body to curl's standard input.
      prefix = `printf '%b' ${printfArg(req.body)} | `;
      args.push('--data-binary', '@-');
    } else {
      // A leading `@` would make --data-binary read a file; --data-raw sends a literal as is.
      args.push(req.body.startsWith('@') ? '--data-raw' : '--data-binary', ansiC(req.body));
    }
  }
  const line = prefix + args.join(' ');
  return req.bodyTruncated ? `${line} # body truncated: ${bytesOf(req.body).length} of ${req.bodyBytes} bytes shown; use ruleprobe replay` : line;
}

/** The argument of `printf '%b'`: single-quoted, every non-printable byte and `\` as an escape. */
function printfArg(s: string): string {
  let out = "'";
  for (const b of bytesOf(s)) {
    if (b === 0x5c) out += '\\\\';
    else if (b === 0x27) out += "'\\''";
    else if (b < 0x20 || b > 0x7e) out += `\\0${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `${out}'`;
}
