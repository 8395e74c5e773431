/**
 * Secrets the signers use, one shape per scheme. They come from the target config and must never
 * reach a report: reports show headers only through `redactAuthorization`.
 */

export type AuthScheme = 'wrap' | 'sas' | 'sigv4';

/**
 * WRAP with SWTs the harness mints itself, as ACS did (PROTOCOL-FACTS §1.4). ACS is retired, so
 * the only way to hold a valid token today is to be the issuer the target trusts; minting also
 * lets the harness make the expired, wrong-audience and wrongly signed tokens.
 */
export interface WrapIssuerCredentials {
  scheme: 'wrap';
  /** The SWT `Issuer` claim the target expects; ACS wrote `https://{ns}-sb.accesscontrol.windows.net/`. */
  issuer: string;
  /** The 256-bit token-signing key, written as base64; the HMAC is keyed with the decoded bytes. */
  issuerKey: string;
  /** `net.windows.servicebus.action` rights; default `Listen,Manage,Send`, as in the SB-ACS example token. */
  actions?: string[];
  /** The ACS `identityprovider` claim; default `issuer`, as in the SB-ACS example token. */
  identityProvider?: string;
}

/**
 * WRAP with a token obtained elsewhere (the SWT after the one URL-decode clients do). The harness
 * can only send it or spoil its framing, so expired/wrong-key/wrong-resource are unsupported.
 */
export interface WrapTokenCredentials {
  scheme: 'wrap';
  token: string;
}

export type WrapCredentials = WrapIssuerCredentials | WrapTokenCredentials;

/** A Service Bus / Notification Hubs shared access rule (PROTOCOL-FACTS §4). */
export interface SasCredentials {
  scheme: 'sas';
  /** The rule name, sent as `skn` (`DefaultFullSharedAccessSignature`). */
  keyName: string;
  /** The key string as shown in the portal; its UTF-8 bytes are the HMAC key (not base64-decoded). */
  key: string;
}

/** An AWS-style static key pair, as Yandex service accounts issue them (PROTOCOL-FACTS §2.2). */
export interface SigV4Credentials {
  scheme: 'sigv4';
  accessKeyId: string;
  secretAccessKey: string;
  /** `ru-central1` for Yandex Message Queue. */
  region: string;
  /** `sqs` for Yandex Message Queue. */
  service: string;
}

export type Credentials = WrapCredentials | SasCredentials | SigV4Credentials;
