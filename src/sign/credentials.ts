/**
 * Credentials as a target config resolves them: the scheme's name and its fields, secrets read
 * from the environment. The fields are the scheme's own (its catalog entry declares them); each
 * plug-in checks the shape it needs and throws `InvalidCredentials` otherwise. They must never
 * reach a report: reports show requests only through the plug-ins' redaction.
 */
export type Credentials = { readonly scheme: string; readonly [field: string]: unknown };
