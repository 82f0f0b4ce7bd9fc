// Characters XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE/U+FFFF) and unpaired UTF-16 surrogates.
const INVALID_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escape text for XML element content or a quoted attribute, dropping characters XML 1.0 cannot carry. */
export function xmlText(value: string): string {
  return value.replace(INVALID_XML, '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
