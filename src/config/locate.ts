import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** Maps JSON pointers into a parsed YAML document back to line and column. */
export class Locator {
  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /**
   * Position of the value at `pointer`; with `key`, of the key itself (an unknown or
   * duplicate key is best shown where it is written). Falls back to the nearest ancestor.
   */
  position(pointer: string, key = false): { line: number; column: number } {
    const segments = pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointer);
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (const segment of segments) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
        if (!pair) break;
        const keyStart = rangeStart(pair.key);
        if (key && segment === segments[segments.length - 1] && keyStart !== undefined) {
          offset = keyStart;
          break;
        }
        node = pair.value;
        offset = rangeStart(node) ?? keyStart ?? offset;
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)];
        if (item === undefined) break;
        node = item;
        offset = rangeStart(node) ?? offset;
      } else {
        break;
      }
    }
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function escapePointer(s: string | number): string {
  return String(s).replace(/~/g, '~0').replace(/\//g, '~1');
}
