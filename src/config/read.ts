/**
 * Reading a YAML file as text, every way it can be unusable a located problem: missing, a folder,
 * a symbolic link loop, no permission, larger than any config needs, not UTF-8, binary.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { SpecLoadError, type FileKind } from './errors.js';

/** Far above any spec or config (the largest shipped spec is under 100 KB); reading stops here. */
export const MAX_YAML_BYTES = 4 * 1024 * 1024;

/** Why a file system call failed, in words, from its error code. */
export function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'a folder, not a file';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'ELOOP':
      return 'a symbolic link loop';
    case 'EACCES':
    case 'EPERM':
      return 'no permission';
    case 'EROFS':
      return 'on a read-only file system';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return code ? `${code}` : String((err as Error | undefined)?.message ?? err);
  }
}

/** Line and column (1-based) of byte `offset` of `bytes`, counting UTF-8 characters. */
function positionOf(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Continuation bytes (10xxxxxx) do not start a character.
  let column = 1;
  for (let i = lineStart; i < offset; i++) if ((bytes[i]! & 0xc0) !== 0x80) column++;
  return { line, column };
}

/** Offset of the first byte that is not part of well-formed UTF-8, or -1. */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined || (x & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (x & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

/** Control characters YAML does not allow in a stream (all of C0 but tab, LF, CR; and DEL). */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Checks bytes read from a file: UTF-8, no control characters; a leading byte order mark is
 * dropped. Returns the text or throws a located problem.
 */
export function decodeYamlBytes(bytes: Buffer, file: string, kind: FileKind): string {
  const fail = (offset: number, message: string): never => {
    throw new SpecLoadError([{ file, ...positionOf(bytes, offset), pointer: '', message }], kind);
  };
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) fail(bad, `not UTF-8 text: byte 0x${bytes[bad]!.toString(16).padStart(2, '0').toUpperCase()} cannot start or continue a character here (save the file as UTF-8)`);
  let text = bytes.toString('utf8');
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const control = CONTROL.exec(text);
  if (control) {
    const offset = Buffer.byteLength(text.slice(0, control.index)) + (bytes.length - Buffer.byteLength(text));
    const cp = control[0].codePointAt(0)!;
    fail(offset, `${cp === 0 ? 'binary data, not text: a NUL byte' : `control character U+${cp.toString(16).padStart(4, '0').toUpperCase()}`} (YAML allows no control characters but tab, line feed and carriage return; write it escaped in a double-quoted string)`);
  }
  return text;
}

/**
 * The text of a YAML file, `shown` naming it in problems. Reads at most `MAX_YAML_BYTES` (so a
 * device or a pipe that never ends cannot hang or exhaust memory).
 */
export function readYamlFile(path: string, shown: string, kind: FileKind): string {
  const problem = (message: string): SpecLoadError => new SpecLoadError([{ file: shown, line: 1, column: 1, pointer: '', message }], kind);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw problem(`cannot read: ${fsReason(err)}`);
  }
  try {
    if (fstatSync(fd).isDirectory()) throw problem('cannot read: a folder, not a file');
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (err) {
        throw problem(`cannot read: ${fsReason(err)}`);
      }
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > MAX_YAML_BYTES) throw problem(`larger than ${MAX_YAML_BYTES / (1024 * 1024)} MiB; no ${kind} needs that much (is it the right file?)`);
    }
    return decodeYamlBytes(Buffer.concat(chunks), shown, kind);
  } finally {
    closeSync(fd);
  }
}
