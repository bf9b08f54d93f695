// The one escaping for text from outside (config keys, URLs, file names, hosts) on its way to a terminal or a report.

/** Drop control characters (hostile evidence could carry terminal escapes or break XML/markdown). */
export function clean(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** One line for stderr or the progress list: line breaks and tabs become spaces, every other control character goes. */
export function cleanLine(text: string): string {
  return clean(text.replace(/[\t\n\r]+/g, ' '));
}
