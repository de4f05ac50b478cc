/**
 * A table's column headings; with `actions`, a last column for each row's buttons, named for
 * screen readers only.
 */
export function ColumnHeads({ columns, actions = false }: { columns: ReadonlyArray<string | { label: string; className: string }>; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((column) =>
          typeof column === 'string' ? (
            <th key={column} scope="col">
              {column}
            </th>
          ) : (
            <th key={column.label} scope="col" className={column.className}>
              {column.label}
            </th>
          ),
        )}
        {actions && (
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
