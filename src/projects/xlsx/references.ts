/** Departments and areas named in a ledger's cells, resolved to their codes. */
/**
 * Finds departments and areas by code, full name, or a unique fragment of a full name (of two characters or
 * more). `what` names the kind in the reasons (单位, 区域).
 */
export function resolver(names: ReadonlyMap<string, string>, what: string) {
  const byName = new Map<string, string[]>();
  for (const [code, name] of names) byName.set(name, [...(byName.get(name) ?? []), code]);
  return (text: string): { ok: true; code: string } | { ok: false; error: string } => {
    const t = text.trim();
    if (names.has(t)) return { ok: true, code: t };
    const exact = byName.get(t);
    if (exact?.length === 1) return { ok: true, code: exact[0]! };
    if (exact && exact.length > 1) return { ok: false, error: `${what}“${t}”有重名，请写编码` };
    if ([...t].length >= 2) {
      const partial = [...names].filter(([, n]) => n.includes(t));
      if (partial.length === 1) return { ok: true, code: partial[0]![0] };
      if (partial.length > 1)
        return {
          ok: false,
          error: `${what}“${t}”不唯一（${partial
            .slice(0, 3)
            .map(([, n]) => n)
            .join('、')}…）`,
        };
    }
    return { ok: false, error: `${what}“${t}”不存在` };
  };
}
