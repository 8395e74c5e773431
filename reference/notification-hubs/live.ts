/**
 * Azure Notification Hubs — Direct send as the live service and its SDK use it (the `live`
 * profile), from PROTOCOL-FACTS §3.2 and §4: `@azure/notification-hubs` 2.1.0 sends
 * `?api-version=2020-06&direct=true`, `x-ms-version: 2020-06` and a SAS token whose `sr` is the
 * namespace root. What differs from the seed's reading is small, so this file holds only the
 * differences, and reference/notification-hubs.ts calls them where the profile is live:
 *  - versions: the seed's "2015-04 (Supported by 2015-01 and later)"; the live service serves
 *    the versions the documents and the SDK name — 2015-01, 2015-04 (S4), 2015-08 (NH-DBS) and
 *    2020-06 (the SDK's) — and no month in between that none of them names;
 *  - SAS scope: "a token is valid for the resource and everything under it" (§4), so a token
 *    whose sr is the namespace root, or any parent path of the hub, authorizes a send to the hub;
 *  - the format value is `windowsphone` (NH-DS, NH-MPNS, NH-JAVA), and `?direct=true` is the
 *    flag as the SDK sends it; both spellings of each are served, as in the seed's reading.
 */

/** The versions the live service serves (api-version and x-ms-version), as the documents and the SDK name them. */
export const LIVE_VERSIONS: readonly string[] = ['2015-01', '2015-04', '2015-08', '2020-06'];

export function liveSupportedVersion(v: string): boolean {
  return LIVE_VERSIONS.includes(v);
}

function percentDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/**
 * The resource a live SAS token is checked against for a send to `hub`: when the token's sr
 * names the namespace root or a parent path of the hub, that parent (the token covers the hub);
 * otherwise the hub itself, so a token for another hub is still refused.
 */
export function liveSasResource(header: string | undefined, host: string, hub: string): string {
  const own = `http://${host}/${hub}`;
  const srRaw = /(?:^|[\s&])sr=([^&\s]*)/.exec(header ?? '')?.[1];
  const sr = srRaw === undefined ? undefined : percentDecode(srRaw);
  if (sr === undefined) return own;
  // The SDK signs its endpoint as it calls it, https: included (NH-JS); the scheme names no other resource.
  const granted = sr.replace(/\/+$/, '').toLowerCase().replace(/^https:/, 'http:');
  const wanted = own.toLowerCase();
  return wanted.startsWith(`${granted}/`) ? sr : own;
}
