/**
 * Turns a path segment from a URL (a plan id, a unit 区财政局, a period, a form) into a file name that
 * stays readable for a person browsing the data folder yet can never leave it: letters and digits
 * of any script, '-' and '_' pass; everything else, '.' and '/' included, becomes ~XX per UTF-8 byte.
 * So '../x' becomes '~2E~2E~2Fx', and no name can be '.', '..' or contain a separator.
 */
export function safeName(segment: string): string {
  let out = '';
  for (const ch of segment) {
    if (/^[\p{L}\p{N}_-]$/u.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += '~' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out === '' ? '~' : out;
}

export function fromSafeName(name: string): string {
  const bytes: number[] = [];
  let i = 0;
  const parts: string[] = [];
  const flush = (): void => {
    if (bytes.length) parts.push(Buffer.from(bytes).toString('utf8'));
    bytes.length = 0;
  };
  while (i < name.length) {
    if (name[i] === '~' && /^[0-9A-F]{2}$/.test(name.slice(i + 1, i + 3))) {
      bytes.push(parseInt(name.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      flush();
      const cp = name.codePointAt(i) ?? 0;
      const ch = String.fromCodePoint(cp);
      parts.push(ch);
      i += ch.length;
    }
  }
  flush();
  return parts.join('');
}
