/** Imported before aws-sdk: v2 prints a maintenance notice once it has loaded, and these captures are of v2 on purpose. */
process.env['AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE'] ??= '1';
