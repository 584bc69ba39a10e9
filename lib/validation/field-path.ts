/** `["spec","rules",0,"matches",1]` -> `spec.rules[0].matches[1]`; odd map keys go in brackets. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const s = String(seg);
      if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out ? `.${s}` : s;
      else out += `[${s}]`;
    }
  }
  return out;
}
