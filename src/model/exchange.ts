/** What came back for one request, as the checks see it. */
import type { AbstractRequest, RequestCase, WireRequest } from './request.js';

export interface HttpResponse {
  status: number;
  /** Header names lowercased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The body, read up to the cap. */
  body: Buffer;
  /** True when the body was longer than the cap and was cut. */
  truncated: boolean;
}

/** One request and its response. */
export interface Exchange {
  case: RequestCase;
  request: AbstractRequest;
  wire: WireRequest;
  response: HttpResponse;
  /**
   * The values the operation's URL placeholders were filled with for this request (the entity
   * path as configured, not percent-encoded), by placeholder name; what a response template
   * bound to the request (`bind: { from: placeholder }`) is compared with.
   */
  placeholders?: Readonly<Record<string, string>>;
}
