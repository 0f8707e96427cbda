/**
 * Certificates of initiative: anyone can check a number. A published initiative's certificate shows its
 * title and page; a recognised one not yet published shows only the decision's date and commendation
 * (from `decisions`, which holds no personal data), since its texts are not public yet.
 */
import type { Kysely, Transaction } from "kysely";
import QRCode from "qrcode";
import type { Database } from "../../../db/schema";
import { parseCoAuthorNames } from "../consent/public-names";
import { verifyCityCertificate } from "../city/city-level.server";
import { CITY_CERTIFICATE_NUMBER } from "../city/city-rules";

type Executor = Kysely<Database> | Transaction<Database>;

export const CERTIFICATE_NUMBER = /^[A-Z]{2}-\d{4}-\d{1,8}$/;

/** "cn 2026 0001", "CN–2026–0001" and " CN-2026-0001 " all become "CN-2026-0001". */
export function normaliseCertificateNumber(input: string): string {
  return input
    .normalize("NFKC")
    .trim()
    .toUpperCase()
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\s*-\s*|\s+/g, "-");
}

export interface CertificateLevel {
  code: string;
  nameVi: string;
  nameEn: string;
}

export type Verification = {
  number: string;
  decidedAt: string;
  level: CertificateLevel | null;
  initiative: { slug: string; title: string; authorName: string | null; coAuthorNames: string[] } | null;
} | null;

export async function verifyCertificate(db: Executor, rawNumber: string): Promise<Verification> {
  const number = normaliseCertificateNumber(rawNumber);
  if (!CERTIFICATE_NUMBER.test(number)) return null;
  if (CITY_CERTIFICATE_NUMBER.test(number)) {
    // The city level's own series (docs/decisions/039-city-level-round.md).
    const city = await verifyCityCertificate(db, number);
    if (!city) return null;
    const p = city.publication;
    return {
      number,
      decidedAt: city.decidedAt,
      level: city.level,
      initiative: p
        ? { slug: p.slug!, title: p.title!, authorName: p.author_name, coAuthorNames: parseCoAuthorNames(p.co_author_names ?? "[]") }
        : null,
    };
  }
  const published = await db
    .selectFrom("publications as p")
    .leftJoin("commendation_levels as l", "l.id", "p.commendation_level_id")
    .select(["p.slug", "p.title", "p.author_name", "p.co_author_names", "p.decided_at", "l.code", "l.name_vi", "l.name_en"])
    .where("p.certificate_number", "=", number)
    .executeTakeFirst();
  if (published) {
    return {
      number,
      decidedAt: published.decided_at,
      level: published.code ? { code: published.code, nameVi: published.name_vi ?? "", nameEn: published.name_en ?? "" } : null,
      initiative: {
        slug: published.slug,
        title: published.title,
        authorName: published.author_name,
        coAuthorNames: parseCoAuthorNames(published.co_author_names),
      },
    };
  }
  const decided = await db
    .selectFrom("decisions as d")
    .leftJoin("commendation_levels as l", "l.id", "d.commendation_level_id")
    .select(["d.decided_at", "l.code", "l.name_vi", "l.name_en"])
    .where("d.certificate_number", "=", number)
    .where("d.outcome", "=", "recognised")
    .executeTakeFirst();
  if (!decided) return null;
  return {
    number,
    decidedAt: decided.decided_at,
    level: decided.code ? { code: decided.code, nameVi: decided.name_vi ?? "", nameEn: decided.name_en ?? "" } : null,
    initiative: null,
  };
}

/**
 * A QR code as one SVG path (dark modules, merged along rows), drawn on the server by the `qrcode`
 * package. The page renders the path itself: no injected markup, nothing for the CSP to allow.
 */
export function qrPath(text: string): { size: number; d: string } {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const { size, data } = qr.modules;
  let d = "";
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!data[y * size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && data[y * size + x]) x++;
      d += `M${start} ${y}h${x - start}v1h-${x - start}z`;
    }
  }
  return { size, d };
}
