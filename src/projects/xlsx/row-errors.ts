/** The bad rows of a ledger file, each named by sheet and line with all its reasons. */

export type RowError = { sheet: string; line: number; reasons: string[]; title?: string };

/** Collects reasons by row: a row's first reason gives its error the project's title; repeats are dropped. */
export class RowErrors {
  private readonly bad = new Map<string, RowError>();

  /** `ledgerSheet`'s errors are listed first. */
  constructor(private readonly ledgerSheet: string) {}

  add(sheet: string, line: number, reason: string, title?: string): void {
    const key = `${sheet}\u0000${line}`;
    const e = this.bad.get(key) ?? { sheet, line, reasons: [], ...(title ? { title } : {}) };
    if (!e.reasons.includes(reason)) e.reasons.push(reason);
    this.bad.set(key, e);
  }

  has(sheet: string, line: number): boolean {
    return this.bad.has(`${sheet}\u0000${line}`);
  }

  /** The bad lines of a sheet. */
  lines(sheet: string): Set<number> {
    return new Set([...this.bad.values()].filter((e) => e.sheet === sheet).map((e) => e.line));
  }

  /** Every error, the ledger sheet's first, each sheet's by line. */
  list(): RowError[] {
    return [...this.bad.values()].sort((a, b) =>
      a.sheet === b.sheet ? a.line - b.line : a.sheet === this.ledgerSheet ? -1 : 1,
    );
  }
}
