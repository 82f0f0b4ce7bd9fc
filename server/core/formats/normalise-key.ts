/**
 * Comparison key for column names and enum values: NFKC (full-width → ASCII), lower case, units in
 * brackets dropped ("天线高度（米）", "Height (m)", "level[dBm]"), then only letters, digits and CJK kept.
 */
export function normaliseKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]|\{[^}]*\}|【[^】]*】|<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}]/gu, '');
}
