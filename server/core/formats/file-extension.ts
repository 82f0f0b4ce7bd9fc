/**
 * The extension of a file name, dot included ('.csv'), or '' when there is none: the last '.' of the
 * last path segment, not its first character ('.bashrc' has none). The same answer as Node's
 * `path.posix.extname`, without importing a file-system module into core.
 */
export function fileExtension(fileName: string): string {
  const trimmed = fileName.replace(/\/+$/, '');
  const base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 || base === '..' ? '' : base.slice(dot);
}
