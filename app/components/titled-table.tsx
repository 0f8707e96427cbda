import type { ReactNode } from "react";
import { TableScroll } from "~/components/table-scroll";

/**
 * A list shown as a table under its own heading, which names both the scrolling box and the table; with no rows, a
 * sentence says so instead of an empty table.
 */
export function TitledTable<Row>({
  id,
  title,
  empty,
  columns,
  rows,
  row,
}: {
  /** the heading's id */
  id: string;
  title: string;
  empty: string;
  columns: string[];
  rows: Row[];
  row: (r: Row) => ReactNode;
}) {
  return (
    <>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <TableScroll labelledBy={id}>
          <table aria-labelledby={id}>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{rows.map(row)}</tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
