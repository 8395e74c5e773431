/** The reporters' names, known without loading any reporter (the command line's help lists them). */
export const REPORTER_NAMES = ['console', 'json', 'junit', 'markdown', 'html'] as const;

export type ReporterName = (typeof REPORTER_NAMES)[number];
