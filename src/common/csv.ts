/** One CSV cell: quoted when it must be, and never a formula a spreadsheet would run. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const raw = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV line of cells, with its line end. */
export function csvRow(cells: readonly unknown[]): string {
  return cells.map(csvCell).join(',') + '\n';
}
