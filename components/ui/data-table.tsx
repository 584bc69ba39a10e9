import type { ReactNode } from 'react';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Row header cell (scope=row): usually the name column. */
  rowHeader?: boolean;
  className?: string;
}

export interface DataTableProps<T> {
  /** The table's accessible name, shown as its caption (visually hidden with hideCaption). */
  caption: string;
  hideCaption?: boolean;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** Shown in a single cell when there are no rows. */
  empty?: ReactNode;
}

/** A semantic table: caption, column headers, a row header per row. */
export function DataTable<T>({ caption, hideCaption, columns, rows, rowKey, empty = 'Nothing here yet.' }: DataTableProps<T>) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
        <caption className={hideCaption ? 'sr-only' : 'px-4 py-2 text-left font-medium'}>{caption}</caption>
        <thead className="bg-slate-100 dark:bg-slate-900">
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className="px-4 py-2 text-left font-semibold">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 bg-white dark:divide-slate-800 dark:bg-slate-950">
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-4 py-6 text-center text-slate-600 dark:text-slate-400">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c) =>
                  c.rowHeader ? (
                    <th key={c.header} scope="row" className={`px-4 py-2 text-left font-medium ${c.className ?? ''}`}>
                      {c.cell(row)}
                    </th>
                  ) : (
                    <td key={c.header} className={`px-4 py-2 align-top ${c.className ?? ''}`}>
                      {c.cell(row)}
                    </td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
