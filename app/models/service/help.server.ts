/**
 * What the help page states that the database decides: the rubric in force and the commendations the council can
 * choose. Read at each request, so an administrator's change shows at once; the limits and deadlines come from the
 * modules that enforce them, so the page cannot promise other numbers than the code applies.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { getCurrentRubric } from "../review/rubric.server";
import { LIMITS } from "../initiative/submission.server";
import { REVIEW_WORKING_DAYS } from "../service-targets/targets";
import { MAX_FILE_BYTES, MAX_FILES } from "../../utils/upload-limits";
import { PRIVACY_REQUEST_WORKING_DAYS } from "../../domain/privacy";

type Executor = Kysely<Database> | Transaction<Database>;

export async function helpFacts(db: Executor) {
  const [rubric, levels] = await Promise.all([
    getCurrentRubric(db),
    db.selectFrom("commendation_levels").select(["code", "name_vi", "name_en"]).where("active", "=", 1).orderBy("rank", "desc").execute(),
  ]);
  return {
    criteria: rubric.criteria.map((c) => ({
      key: c.key,
      labelVi: c.label_vi,
      labelEn: c.label_en,
      weight: c.weight,
      scaleMin: c.scale_min,
      scaleMax: c.scale_max,
    })),
    levels: levels.map((l) => ({ code: l.code, nameVi: l.name_vi, nameEn: l.name_en })),
    limits: {
      maxFiles: MAX_FILES,
      maxFileMb: Math.round(MAX_FILE_BYTES / (1024 * 1024)),
      longMax: LIMITS.longMax,
      reviewDays: REVIEW_WORKING_DAYS,
      privacyDays: PRIVACY_REQUEST_WORKING_DAYS,
    },
  };
}
