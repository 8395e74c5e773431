/** What each malformed file must be reported as: the first problem's line, JSON pointer and the start of its message. */
export interface FileExpectation {
  line: number;
  pointer: string;
  says: string;
}

/** Target configs (test/malformed/targets). */
export const TARGETS: Record<string, FileExpectation> = {
  'baseurl-env-unset': { line: 3, pointer: "/specs/azure-notification-hubs~1direct-send/baseUrl/env", says: "environment variable RP_MAL_UNSET_BASE_URL is not set" },
  'baseurl-not-url': { line: 3, pointer: "/specs/azure-notification-hubs~1direct-send/baseUrl", says: "\"localhost\" does not match ^https?://[^/?#]+$" },
  'baseurl-number': { line: 3, pointer: "/specs/azure-notification-hubs~1direct-send/baseUrl", says: "must be string or object, got number 8080" },
  'baseurl-with-path': { line: 3, pointer: "/specs/azure-notification-hubs~1direct-send/baseUrl", says: "\"http://127.0.0.1:9/path\" does not match ^https?://[^/?#]+$" },
  'credentials-string': { line: 5, pointer: "/specs/azure-notification-hubs~1direct-send/credentials", says: "must be object, got a string (not shown)" },
  'empty-file': { line: 1, pointer: "/", says: "must be object, got null" },
  'entities-empty-value': { line: 4, pointer: "/specs/azure-notification-hubs~1direct-send/entities/hub", says: "must NOT have fewer than 1 characters, got \"\"" },
  'entities-list': { line: 4, pointer: "/specs/azure-notification-hubs~1direct-send/entities", says: "must be object, got an array" },
  'entities-unknown-kind': { line: 4, pointer: "/specs/azure-notification-hubs~1direct-send/entities/queue", says: "the spec declares no hub kind \"queue\"; known: hub" },
  'missing-baseurl': { line: 3, pointer: "/specs/azure-notification-hubs~1direct-send", says: "missing required key \"baseUrl\"" },
  'no-specs-key': { line: 1, pointer: "/", says: "missing required key \"specs\"" },
  'only-comments': { line: 1, pointer: "/", says: "must be object, got null" },
  'option-bad-value': { line: 6, pointer: "/specs/azure-notification-hubs~1direct-send/options/tier", says: "tier takes standard, basic, free (the hub's pricing tier; Location is " },
  'option-unknown': { line: 6, pointer: "/specs/azure-notification-hubs~1direct-send/options/color", says: "the spec declares no target option \"color\"; known: tier" },
  'profile-unknown': { line: 6, pointer: "/specs/azure-notification-hubs~1direct-send/profile", says: "spec azure-notification-hubs/direct-send has no profile \"staging\"; its" },
  // The wording of a range belongs to the schema's ranges; the place is what is pinned here.
  'run-negative': { line: 7, pointer: "/run/concurrency", says: '' },
  'run-unknown-key': { line: 7, pointer: "/run/threads", says: "unknown key \"threads\"" },
  'run-wrong-type': { line: 7, pointer: "/run/runs", says: "must be integer, got string \"many\"" },
  'sas-missing-keyname': { line: 5, pointer: "/specs/azure-notification-hubs~1direct-send/credentials", says: "missing required key \"keyName\"" },
  'sas-unknown-field': { line: 5, pointer: "/specs/azure-notification-hubs~1direct-send/credentials", says: "missing required key \"keyName\"" },
  'scheme-missing': { line: 5, pointer: "/specs/azure-notification-hubs~1direct-send/credentials", says: "missing required key \"scheme\"" },
  'scheme-unknown': { line: 5, pointer: "/specs/azure-notification-hubs~1direct-send/credentials/scheme", says: "unknown auth scheme \"kerberos\"; known: api-key, bearer, none, sas, sig" },
  'scheme-wrong-for-spec': { line: 5, pointer: "/specs/azure-notification-hubs~1direct-send/credentials/scheme", says: "the spec is signed with \"sas\", but these credentials are for \"bearer\"" },
  'secret-env-empty': { line: 5, pointer: "/specs/azure-notification-hubs~1direct-send/credentials/key/env", says: "environment variable RP_MAL_EMPTY is empty" },
  'secret-env-looks-secret-unset': { line: 5, pointer: "/specs/azure-notification-hubs~1direct-send/credentials/key/env", says: "the environment variable named here is not set (its name is not shown:" },
  'secret-env-not-a-name': { line: 5, pointer: "/specs/azure-notification-hubs~1direct-send/credentials/key/env", says: "must be the name of an environment variable (letters, digits and _, no" },
  'secret-env-number': { line: 5, pointer: "/specs/azure-notification-hubs~1direct-send/credentials/key/env", says: "must be the name of an environment variable (letters, digits and _, no" },
  'secret-env-unset': { line: 5, pointer: "/specs/azure-notification-hubs~1direct-send/credentials/key/env", says: "environment variable RP_MAL_UNSET_KEY is not set" },
  'secret-extra-key': { line: 5, pointer: "/specs/azure-notification-hubs~1direct-send/credentials/key", says: "takes only the key env (1 other key given; not shown): secrets are rea" },
  'secret-inline-list': { line: 5, pointer: "/specs/azure-notification-hubs~1direct-send/credentials/key", says: "must name an environment variable (an array was given; it is not shown" },
  'secret-inline-number': { line: 5, pointer: "/specs/azure-notification-hubs~1direct-send/credentials/key", says: "must name an environment variable (a number was given; it is not shown" },
  'secret-inline-string': { line: 5, pointer: "/specs/azure-notification-hubs~1direct-send/credentials/key", says: "must name an environment variable (a string was given; it is not shown" },
  'secret-value-key': { line: 5, pointer: "/specs/azure-notification-hubs~1direct-send/credentials/key", says: "takes only the key env (1 other key given; not shown): secrets are rea" },
  'sigv4-key-id-in-env-name': { line: 7, pointer: "/specs/yandex-message-queue~1send-message/credentials/accessKeyId/env", says: "the environment variable named here is not set (its name is not shown:" },
  'sigv4-missing-region': { line: 6, pointer: "/specs/yandex-message-queue~1send-message/credentials", says: "missing required key \"region\"" },
  'sigv4-secret-inline': { line: 8, pointer: "/specs/yandex-message-queue~1send-message/credentials/secretAccessKey", says: "must name an environment variable (a string was given; it is not shown" },
  'spec-id-bad-shape': { line: 2, pointer: "/specs", says: "\"Azure Hubs\" does not match ^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9" },
  'specs-empty': { line: 1, pointer: "/specs", says: "must NOT have fewer than 1 properties" },
  'timing-unknown': { line: 6, pointer: "/specs/azure-notification-hubs~1direct-send/timing/warp", says: "the spec has no timing \"warp\"; it has telemetry" },
  'top-level-list': { line: 1, pointer: "/", says: "must be object, got an array" },
  'top-level-string': { line: 1, pointer: "/", says: "must be object, got string \"just a string\"" },
  'unknown-field-in-entry': { line: 6, pointer: "/specs/azure-notification-hubs~1direct-send/baseURL", says: "unknown key \"baseURL\"" },
  'unknown-spec-id': { line: 2, pointer: "/specs/azure-notification-hubs~1no-such-op", says: "no spec with id \"azure-notification-hubs/no-such-op\"; known: azure-not" },
  'unknown-top-key': { line: 7, pointer: "/runs", says: "unknown key \"runs\"" },
  'wrap-issuer-without-key': { line: 5, pointer: "/specs/azure-service-bus~1send-message/credentials", says: "wrap credentials need one of: issuer and issuerKey; or token (only iss" },
  'wrap-neither': { line: 5, pointer: "/specs/azure-service-bus~1send-message/credentials", says: "wrap credentials need one of: issuer and issuerKey; or token" },
  'wrap-token-and-issuer-key': { line: 5, pointer: "/specs/azure-service-bus~1send-message/credentials", says: "wrap credentials take one of: issuer and issuerKey; or token — these g" },
  'wrap-token-inline': { line: 5, pointer: "/specs/azure-service-bus~1send-message/credentials/token", says: "must name an environment variable (a string was given; it is not shown" },
  'yaml-alias-bomb': { line: 3, pointer: "/", says: "YAML: aliases expand to too many nodes (more than 50 per alias: an ali" },
  'yaml-alias-cycle': { line: 2, pointer: "/", says: "YAML: alias *s refers to the node it is in (a cycle)" },
  'yaml-duplicate-key': { line: 6, pointer: "/", says: "YAML: duplicate key (YAML maps must have unique keys)" },
  'yaml-duplicate-spec': { line: 7, pointer: "/", says: "YAML: duplicate key (YAML maps must have unique keys)" },
  'yaml-multiple-documents': { line: 7, pointer: "/", says: "YAML: more than one document (a second ---); a ruleprobe file holds on" },
  'yaml-syntax-bad-indent': { line: 4, pointer: "/", says: "YAML: All mapping items must start at the same column" },
  'yaml-syntax-unclosed-flow': { line: 5, pointer: "/", says: "YAML: Flow map in block collection must be sufficiently indented and e" },
  'yaml-tab-indent': { line: 4, pointer: "/", says: "YAML: Tabs are not allowed as indentation" },
  'yaml-undefined-alias': { line: 4, pointer: "/", says: "YAML: alias *nowhere has no anchor &nowhere before it" },
  'yaml-unknown-tag': { line: 3, pointer: "/", says: "YAML: Unresolved tag: !url (ruleprobe files use no tags)" },
};

/** Spec files (test/malformed/specs). */
export const SPECS: Record<string, FileExpectation> = {
  'spec-alias-bomb': { line: 3, pointer: "/", says: "YAML: aliases expand to too many nodes (more than 50 per alias: an ali" },
  'spec-bom-then-error': { line: 7, pointer: "/defaults/level", says: "must be one of \"MUST\", \"SHOULD\", \"MAY\", got \"MAYBE\"" },
  'spec-control-char': { line: 44, pointer: "/", says: "control character U+0007 (YAML allows no control characters but tab, l" },
  'spec-duplicate-key': { line: 4, pointer: "/", says: "YAML: duplicate key (YAML maps must have unique keys)" },
  'spec-empty': { line: 1, pointer: "/", says: "must be object, got null" },
  'spec-list': { line: 1, pointer: "/", says: "must be object, got an array" },
  'spec-missing-id': { line: 2, pointer: "/", says: "missing required key \"id\"" },
  'spec-tab-indent': { line: 7, pointer: "/", says: "YAML: Tabs are not allowed as indentation" },
  'spec-unknown-key': { line: 5, pointer: "/colour", says: "unknown key \"colour\"" },
  'spec-unknown-tag': { line: 4, pointer: "/", says: "YAML: Unresolved tag: !include (ruleprobe files use no tags)" },
  'spec-wrong-type': { line: 40, pointer: "/parameters/1/range/min", says: "must be integer, got string \"one\"" },
  'spec-yaml-syntax': { line: 9, pointer: "/", says: "YAML: Flow sequence in block collection must be sufficiently indented " },
};

/** Known-failures files (test/malformed/known-failures). */
export const KNOWN_FAILURES: Record<string, FileExpectation> = {
  'kf-alias-bomb': { line: 3, pointer: "/", says: "YAML: aliases expand to too many nodes (more than 50 per alias: an ali" },
  'kf-bad-expires': { line: 4, pointer: "/known-failures/0/expires", says: "\"next week\" does not match ^\\d{4}-\\d{2}-\\d{2}$" },
  'kf-duplicate': { line: 4, pointer: "/known-failures/1/rule", says: "\"yandex-message-queue/send-message/delay-seconds-range\" is listed twic" },
  'kf-missing-reason': { line: 2, pointer: "/known-failures/0", says: "missing required key \"reason\"" },
  'kf-not-a-list': { line: 1, pointer: "/known-failures", says: "must be array, got string \"yandex-message-queue/send-message/delay-sec" },
  'kf-syntax': { line: 3, pointer: "/", says: "YAML: Flow sequence in block collection must be sufficiently indented " },
  'kf-unknown-rule': { line: 2, pointer: "/known-failures/0/rule", says: "no rule with id \"yandex-message-queue/send-message/no-such-rule\" (see " },
};
