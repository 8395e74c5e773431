/**
 * The rule ids of the direct-send spec this operation's mutants are named by. Written out from
 * the rule list (`ruleprobe rules --spec azure-notification-hubs/direct-send`), not read from the
 * spec file, so the reference stays an independent oracle.
 */
export const SPEC_ID = 'azure-notification-hubs/direct-send';

const SLUGS = [
  'authorization-required',
  'content-type-required',
  'content-type-by-format',
  'content-type-mismatch',
  'device-handle-required',
  'device-handle-empty',
  'tags-optional',
  'format-required',
  'format-windows',
  'format-apple',
  'format-gcm',
  'format-windows-phone',
  'format-adm',
  'format-nokiax',
  'format-baidu',
  'format-unlisted',
  'x-ms-version-required',
  'x-ms-version-value',
  'api-version-required',
  'api-version-value',
  'body-size',
  'response-header-content-type',
  'response-header-location',
  'response-body',
  'sas-accepted',
  'sas-token-forms',
  'auth-expired',
  'auth-wrong-key',
  'auth-wrong-resource',
  'auth-malformed',
  'auth-missing-field',
  'direct-flag',
  'no-message-branch',
  'unknown-hub',
  'content-type-wns-raw',
  'content-type-wns-raw-mismatch',
  'tags-single-tag',
  'body-native-payload',
  'body-bad-format',
  'success-201',
  'status-documented',
  // The telemetry companion (Per Message Telemetry), reached through the Location header.
  'location-telemetry',
  'telemetry-response-body',
] as const;

export type Slug = (typeof SLUGS)[number];

/** `format-apple` → `azure-notification-hubs/direct-send/format-apple`. */
export function ruleId(slug: Slug): string {
  return `${SPEC_ID}/${slug}`;
}

export const ALL_SLUGS: readonly Slug[] = SLUGS;
