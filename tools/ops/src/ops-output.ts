export interface OpsOutput {
  out(line: string): void;
  err(line: string): void;
}

/** Left-aligned columns, so operators can read and `awk` the output. */
export function table(rows: Array<Array<string | number>>): string[] {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => String(r[col] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, col) => String(cell).padEnd(widths[col] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
