/** Slugs of rule ids and vary tokens, derived from names. */

/** `DelaySeconds` → `delay-seconds`, `XMLHttpRequest` → `xml-http-request`, `windows phone` → `windows-phone`. */
export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
