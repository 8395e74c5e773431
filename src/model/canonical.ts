/**
 * Plain valid values of declared fields, chosen without randomness: what the canonical request
 * carries. Pure functions of the operation model, shared by the generators, the protocol
 * families' body builders and the loader's checks of a family's canonical body.
 */
import { subFieldWithRole, type EnumValueModel, type FieldModel } from './operation.js';

export const CANONICAL_TEXT = 'Hello from ruleprobe';

/** Whether a field is sent to this entity at all (FIFO parameters only go to FIFO queues). */
export function appliesTo(field: FieldModel, entity: string): boolean {
  return field.appliesTo === 'any' || field.appliesTo === entity;
}

/** A value of `field` that meets every constraint, chosen plainly (the spec's canonical value, the range minimum, the first enum value). */
export function canonicalValue(field: FieldModel): string | null {
  if (field.type === 'flag') return null;
  if (field.canonical !== undefined) return field.canonical;
  if (field.value) return field.value.value;
  if (field.enum) return field.enum[0]!.value;
  if (field.range) return String(Math.max(field.range.min, Math.min(field.range.max, 0)));
  if (field.type === 'integer') return '0';
  if (field.type === 'base64') return Buffer.from('ruleprobe').toString('base64');
  let text = field.kind === 'parameter' ? CANONICAL_TEXT : 'ruleprobe';
  if (field.pattern && !new RegExp(field.pattern, 'u').test(text)) text = 'ruleprobe';
  if (field.charset && [...text].some((c) => !field.charset!.some(([lo, hi]) => c.codePointAt(0)! >= lo && c.codePointAt(0)! <= hi))) {
    const first = field.charset.find(([lo]) => lo >= 0x21) ?? field.charset[0]!;
    text = String.fromCodePoint(first[0]).repeat(9);
  }
  if (field.length?.max !== undefined && text.length > field.length.max) text = text.slice(0, field.length.max);
  return text;
}

/** FNV-1a of a string: stable across runs and machines, for derived ids and seeds. */
export function hashOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** A value unique to `seed` for fields that must differ per message (role deduplication-id). */
export function uniqueValue(field: FieldModel, seed: string): string {
  const v = `rp-${hashOf(seed).toString(36)}`;
  return field.length?.max !== undefined ? v.slice(0, field.length.max) : v;
}

/** Fields whose canonical value must be unique per request. */
export function isUniquePerMessage(field: FieldModel): boolean {
  return field.role === 'deduplication-id';
}

/** The item types of a group as declared (value, the sub-field it selects, example values). */
export function itemTypes(group: FieldModel): EnumValueModel[] {
  return subFieldWithRole(group, 'item-type')?.enum ?? [];
}

/** The item type (an enum value of the group's item-type sub-field) that `type` reads as; unlisted types read as the first. */
function itemTypeEntry(group: FieldModel, type: string | undefined): EnumValueModel | undefined {
  const entries = itemTypes(group);
  return entries.find((e) => e.value === type || e.alternatives.includes(type ?? '')) ?? entries[0];
}

/** The item type whose value travels in `valueField` (a binary value is exercised in an item of the type that selects it). */
export function itemTypeSelecting(group: FieldModel, valueField: FieldModel): string | undefined {
  return itemTypes(group).find((e) => e.selects === valueField.name)?.value;
}

/**
 * One item of a numbered group with every sub-field valid: the item-name sub-field `attr<n>`,
 * the item-type sub-field `type` (default: its canonical or first value), and of the value
 * sub-fields only the one that type selects — `value`, else an example of the type, else the
 * sub-field's canonical value. Other required sub-fields get their canonical value.
 */
export function canonicalItem(group: FieldModel, n: number, type?: string, value?: string): Array<[FieldModel, string]> {
  const typeField = subFieldWithRole(group, 'item-type');
  const chosen = type ?? typeField?.canonical ?? typeField?.enum?.[0]?.value;
  const entry = itemTypeEntry(group, chosen);
  const out: Array<[FieldModel, string]> = [];
  for (const sub of group.numbered?.fields ?? []) {
    const isValue = sub.role === 'item-text-value' || sub.role === 'item-binary-value';
    if (sub.role === 'item-name') out.push([sub, `${sub.canonical ?? 'attr'}${n}`]);
    else if (typeField && sub.name === typeField.name) out.push([sub, chosen ?? '']);
    else if (isValue && entry?.selects !== undefined) {
      if (sub.name !== entry.selects) continue;
      const examples = entry.examples ?? sub.examples;
      out.push([sub, value ?? (examples ? examples[(n - 1) % examples.length]! : (canonicalValue(sub) ?? ''))]);
    } else if (sub.required || (group.numbered!.fields.length === 1)) out.push([sub, value ?? canonicalValue(sub) ?? '']);
  }
  return out;
}
