/**
 * Initiatives received and moved on given Hà Nội days, for the service-target and on-time tests. Every move goes
 * through the lifecycle (`transition`), so `service_times` is kept as in the app.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { createInitiative, type SubmissionData } from "~/models/initiative/initiatives.server";
import { transition } from "~/models/initiative/lifecycle.server";
import type { Status } from "~/domain/vocabulary";

type DB = Kysely<Database>;
let seq = 0;

/** 10:00 in Hà Nội on that day. */
export const at = (day: string) => new Date(`${day}T03:00:00Z`);

export async function receivedOn(
  db: DB,
  day: string,
  place: { scopeType: "city" | "agency" | "unit"; agencyId?: number | null; unitId?: number | null } = { scopeType: "city" },
) {
  const n = ++seq;
  const data: SubmissionData = {
    title: `Sáng kiến đo thời hạn số ${n}`,
    reformArea: "procedures",
    procedureDomain: null,
    scopeType: place.scopeType,
    agencyId: place.agencyId ?? null,
    unitId: place.unitId ?? null,
    problem: "Người dân phải chờ lâu để biết hồ sơ đã được xem chưa.",
    solution: "Công bố mục tiêu thời gian và tỷ lệ đúng hạn của từng đơn vị.",
    benefit: "Người dân biết khi nào có kết quả.",
    appliedBefore: false,
    appliedAt: null,
    confidential: "",
    authorType: "individual",
    author: { fullName: `Người Gửi ${n}`, email: `nguoigui${n}@example.net`, phone: null, organisation: null, share: 100 },
    coAuthors: [],
    consentData: true,
    consentPublishName: false,
    lang: "vi",
  };
  const created = await createInitiative(db, data, [], { submitKey: `timeliness-${n}-${Date.now()}`, now: at(day) });
  return created.id;
}

const ACTOR: Partial<Record<Status, "secretary" | "system" | "chair" | "submitter">> = {
  screening: "secretary",
  needs_info: "secretary",
  rejected: "secretary",
  in_review: "secretary",
  council: "system",
  recognised: "chair",
  not_recognised: "chair",
  withdrawn: "submitter",
};

/** Moves the initiative through `[status, day]` steps, each on that Hà Nội day. */
export async function moves(db: DB, id: number, steps: [Status, string][]) {
  for (const [to, day] of steps)
    await transition(db, {
      initiativeId: id,
      to,
      actor: ACTOR[to] ?? "secretary",
      message: to === "rejected" || to === "not_recognised" || to === "needs_info" ? "Lý do ghi rõ cho người gửi." : null,
      notify: false,
      now: at(day),
    });
}
