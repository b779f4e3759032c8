import type { ReactNode } from 'react';

/** A data table's header row: one cell per column name; an empty name is the row-actions column. */
export function TableHead({ columns }: { readonly columns: readonly string[] }): ReactNode {
  return (
    <thead>
      <tr>{columns.map((name, i) => (name === '' ? <th key={i} aria-label="Actions" /> : <th key={i}>{name}</th>))}</tr>
    </thead>
  );
}
