/**
 * The open-data files, streamed: rows are read in batches and written as they come, so a file of
 * 200,000 initiatives needs no more memory than one of six. CSV is written by csv-stringify, XLSX by exceljs's
 * streaming workbook writer (each row is committed to the zip as it is written).
 */
import { PassThrough, Readable } from "node:stream";
import type { Kysely, Transaction } from "kysely";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import type { Database } from "../../../db/schema";
import type { ProcedureDomain, ReformArea, ScopeType } from "../../domain/vocabulary";
import { en as commonEn, vi as commonVi } from "../../i18n/sections/common";
import { en as publicEn, vi as publicVi } from "../../i18n/sections/public";
import { OPEN_DATA_FIELDS, OPEN_DATA_JSON_FIELDS } from "./open-data";
import { placeOf, publishedBase } from "./published.server";
import { parseCoAuthorNames } from "../consent/public-names";
import { adoptionsByInitiative } from "../replication/adoptions.server";

type Executor = Kysely<Database> | Transaction<Database>;

export interface OpenDataRow {
  slug: string;
  title: string;
  reform_area: string;
  procedure_domain: string | null;
  scope_type: string;
  place: string | null;
  problem: string;
  solution: string;
  benefit: string;
  author_name: string | null;
  decided_at: string;
  decision_reason: string;
  commendation: string | null;
  commendation_en: string | null;
  certificate_number: string | null;
  published_at: string;
  /** the co-authors who agreed to be named (a list in JSON, joined by "; " in the CSV) */
  co_author_names: string[];
  /** the campaign's slug, null for none (docs/decisions/038-campaigns-and-adoptions.md) */
  campaign: string | null;
  adoption_count: number;
  /** where it has been applied (a list in JSON, joined by "; " in the CSV) */
  adopted_at: string[];
}

/** Which rows a file holds: all published initiatives, or those of one campaign (`?campaign=`). */
export interface OpenDataFilter {
  campaignId?: number;
}

export interface OpenDataLicence {
  name: string;
  url: string;
}

/** Every published initiative's public fields, in batches by id (constant memory however many there are). */
export async function* openDataRows(db: Executor, batch = 500, filter: OpenDataFilter = {}): AsyncGenerator<OpenDataRow & { id: number }> {
  let after = 0;
  for (;;) {
    let q = publishedBase(db)
      .leftJoin("campaign_entries as ce", "ce.initiative_id", "p.initiative_id")
      .leftJoin("campaigns as cp", "cp.id", "ce.campaign_id");
    if (filter.campaignId !== undefined) q = q.where("ce.campaign_id", "=", filter.campaignId);
    const rows = await q
      .select([
        "p.initiative_id as id",
        "p.slug",
        "p.title",
        "p.reform_area",
        "p.procedure_domain",
        "p.scope_type",
        "u.name as unit_name",
        "a.name as agency_name",
        "p.problem",
        "p.solution",
        "p.benefit",
        "p.author_name",
        "p.decided_at",
        "p.decision_reason",
        "l.name_vi as commendation",
        "l.name_en as commendation_en",
        "p.certificate_number",
        "p.published_at",
        "p.co_author_names",
        "cp.slug as campaign",
      ])
      .where("p.initiative_id", ">", after)
      .orderBy("p.initiative_id")
      .limit(batch)
      .execute();
    const adopted = await adoptionsByInitiative(
      db,
      rows.map((r) => r.id),
    );
    for (const r of rows) {
      const { unit_name: _unit, agency_name: _agency, co_author_names: coAuthors, ...rest } = r;
      const places = adopted.get(r.id) ?? [];
      yield {
        ...rest,
        campaign: r.campaign ?? null,
        place: placeOf(r),
        co_author_names: parseCoAuthorNames(coAuthors),
        adoption_count: places.length,
        adopted_at: places,
      };
    }
    if (rows.length < batch) return;
    after = rows[rows.length - 1].id;
  }
}

/** Each row with its address and the labels of its codes, as every file carries them. */
async function* records(db: Executor, origin: string, filter: OpenDataFilter = {}) {
  for await (const r of openDataRows(db, 500, filter)) {
    const { id: _id, ...row } = r;
    const area = row.reform_area as ReformArea;
    const domain = row.procedure_domain as ProcedureDomain | null;
    const scope = row.scope_type as ScopeType;
    yield {
      ...row,
      url: `${origin}/initiatives/${row.slug}`,
      reform_area_vi: commonVi.area[area] ?? null,
      reform_area_en: commonEn.area[area] ?? null,
      procedure_domain_vi: domain ? (commonVi.domain[domain] ?? null) : null,
      procedure_domain_en: domain ? (commonEn.domain[domain] ?? null) : null,
      scope_type_vi: commonVi.scope[scope] ?? null,
      scope_type_en: commonEn.scope[scope] ?? null,
    };
  }
}

/** What every file says of itself: its title, where it comes from, who publishes it and under which licence. */
export interface OpenDataAbout {
  origin: string;
  publisher: string;
  licence: OpenDataLicence;
}

/**
 * UTF-8 with a byte-order mark, so Excel opens Vietnamese correctly; a header row of field names.
 * A cell starting with = + - @ (a "- " bullet is common in Vietnamese texts) gets a leading apostrophe:
 * spreadsheets would otherwise run it as a formula, show #NAME? or, from a hostile text, call out.
 * The JSON file keeps the texts exactly.
 */
export function openDataCsv(db: Executor, origin: string, filter: OpenDataFilter = {}): Readable {
  const csv = stringify({ bom: true, header: true, columns: [...OPEN_DATA_FIELDS], record_delimiter: "windows", escape_formulas: true });
  async function* rows() {
    for await (const r of records(db, origin, filter))
      yield { ...r, co_author_names: r.co_author_names.join("; "), adopted_at: r.adopted_at.join("; ") };
  }
  const source = Readable.from(rows());
  source.on("error", (e) => csv.destroy(e));
  return source.pipe(csv);
}

/**
 * `{"title", "source", "publisher", "licence": {"name", "url"}, "fields": [...], "initiatives": [{...}, ...]}`, each
 * record with the fields in the documented order.
 */
export function openDataJson(db: Executor, about: OpenDataAbout, filter: OpenDataFilter = {}): Readable {
  const { origin } = about;
  async function* chunks() {
    const head = { title: publicVi.openData.fileTitle, source: `${origin}/open-data`, publisher: about.publisher, licence: about.licence };
    yield `${JSON.stringify(head).slice(0, -1)},"fields":${JSON.stringify(OPEN_DATA_JSON_FIELDS)},"initiatives":[`;
    let first = true;
    for await (const r of records(db, origin, filter)) {
      const ordered = Object.fromEntries(OPEN_DATA_JSON_FIELDS.map((f) => [f, r[f] ?? null]));
      yield `${first ? "" : ","}\n${JSON.stringify(ordered)}`;
      first = false;
    }
    yield "\n]}\n";
  }
  return Readable.from(chunks());
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * The CSV's rows as a workbook: a sheet "initiatives" with the field names as a frozen header row, and a sheet
 * "about" with the source, the publisher, the licence and each field's meaning in both languages. The licence is
 * also in the workbook's properties (title, subject, description, keywords), which file managers show.
 * A cell here is typed text, so a "=" at its start is shown, never run: the texts stay exact (no apostrophe).
 */
export function openDataXlsx(db: Executor, about: OpenDataAbout, now = new Date(), filter: OpenDataFilter = {}): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const licence = `${about.licence.name} (${about.licence.url})`;
  wb.creator = about.publisher;
  wb.lastModifiedBy = about.publisher;
  wb.created = now;
  wb.modified = now;
  wb.title = publicVi.openData.fileTitle;
  wb.subject = publicEn.openData.fileTitle;
  wb.keywords = "sáng kiến; cải cách hành chính; Hà Nội; dữ liệu mở; open data";
  wb.description = `${publicVi.openData.licenceLine(licence)} ${publicEn.openData.licenceLine(licence)} ${about.origin}/open-data`;

  async function write() {
    const sheet = wb.addWorksheet("initiatives", { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = OPEN_DATA_FIELDS.map((f) => ({ key: f, width: WIDTHS[f] ?? 20 }));
    const header = sheet.addRow([...OPEN_DATA_FIELDS]);
    header.font = { bold: true };
    header.commit();
    for await (const r of records(db, about.origin, filter)) {
      const row = { ...r, co_author_names: r.co_author_names.join("; "), adopted_at: r.adopted_at.join("; ") };
      sheet.addRow(OPEN_DATA_FIELDS.map((f) => row[f] ?? null)).commit();
    }
    sheet.commit();

    const info = wb.addWorksheet("about");
    info.columns = [{ width: 24 }, { width: 70 }, { width: 70 }];
    const rows: [string, string, string][] = [
      ["", "Tiếng Việt", "English"],
      ["title", publicVi.openData.fileTitle, publicEn.openData.fileTitle],
      ["source", `${about.origin}/open-data`, `${about.origin}/open-data`],
      ["publisher", about.publisher, about.publisher],
      ["licence", licence, licence],
      ["generated", now.toISOString(), now.toISOString()],
      ["", "", ""],
      ...OPEN_DATA_FIELDS.map((f): [string, string, string] => [f, publicVi.openData.fieldDocs[f], publicEn.openData.fieldDocs[f]]),
    ];
    for (const [i, r] of rows.entries()) {
      const row = info.addRow(r);
      if (i === 0) row.font = { bold: true };
      row.commit();
    }
    info.commit();
    await wb.commit();
  }
  write().catch((e: unknown) => out.destroy(e as Error));
  return out;
}

const WIDTHS: Partial<Record<(typeof OPEN_DATA_FIELDS)[number], number>> = {
  slug: 30,
  url: 40,
  title: 50,
  problem: 60,
  solution: 60,
  benefit: 60,
  decision_reason: 50,
  reform_area_vi: 40,
  commendation: 36,
};
