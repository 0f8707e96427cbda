/**
 * Spreadsheets for officials (XLSX, the format the city's offices use), written by exceljs's streaming
 * `WorkbookWriter`: each row is committed as it is read and leaves memory, so a 100,000-row export holds a
 * page of rows, not the workbook (tests/bench/xlsx-export.ts measures it). The writer honours the reader's pace:
 * it waits for the response to drain before reading further. Cells hold values, never formulas, so a name that
 * starts with "=" stays text. Dates are Hà Nội wall-clock values with a Vietnamese number format.
 */
import { once } from "node:events";
import { PassThrough, type Readable } from "node:stream";
import ExcelJS from "exceljs";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Hà Nội is UTC+7 all year (no daylight saving). */
const HANOI_OFFSET_MS = 7 * 3600_000;

/** A calendar date ("2026-12-14") as the Excel date of that day. */
export function excelDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** A UTC timestamp as the Excel date-time a clock in Hà Nội showed. */
export function excelHanoiTime(iso: string): Date {
  return new Date(Date.parse(iso) + HANOI_OFFSET_MS);
}

export const DATE_FORMAT = "dd/mm/yyyy";
export const DATE_TIME_FORMAT = "dd/mm/yyyy hh:mm:ss";

export interface XlsxColumn {
  header: string;
  key: string;
  width: number;
  numFmt?: string;
}

export function xlsxStream(sheet: string, columns: XlsxColumn[], rows: AsyncIterable<Record<string, unknown>>): Readable {
  const out = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  // The header row stays in view while scrolling (a frozen pane below row 1).
  const ws = book.addWorksheet(sheet, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  ws.getRow(1).font = { bold: true };
  (async () => {
    let n = 0;
    for await (const row of rows) {
      ws.addRow(row).commit();
      if (++n % 500 === 0 && out.writableNeedDrain) await once(out, "drain");
    }
    ws.commit();
    await book.commit();
  })().catch((err) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}
