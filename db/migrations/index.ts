// Every migration, in order. Imported statically so the bundled server and the CLI see the same list.
import type { Migration } from "kysely";
import * as m0001 from "./0001_init";
import * as m0003 from "./0003_staff_a";
import * as m0005 from "./0005_public";
import * as m0006 from "./0006_bench_indexes";
import * as m0007 from "./0007_login_reservations";
import * as m0008 from "./0008_tracking_secrets";
import * as m0009 from "./0009_counters";
import * as m0010 from "./0010_outbox_lease";
import * as m0011 from "./0011_search_words";
import * as m0012 from "./0012_file_blobs";
import * as m0013 from "./0013_reviewer_expertise";
import * as m0014 from "./0014_working_day_adjustments";
import * as m0015 from "./0015_consent_records";
import * as m0016 from "./0016_privacy_requests";
import * as m0017 from "./0017_reviewer_copies_and_access_log";
import * as m0018 from "./0018_staff_notifications";
import * as m0019 from "./0019_search_labels_and_tiers";
import * as m0020 from "./0020_public_pages_version";
import * as m0021 from "./0021_council_meetings";
import * as m0022 from "./0022_rubric_band_descriptors";
import * as m0023 from "./0023_duplicate_links";
import * as m0024 from "./0024_service_targets_and_ratings";
import * as m0025 from "./0025_campaigns_and_adoptions";
import * as m0026 from "./0026_city_level_nominations";
import * as m0027 from "./0027_queue_indexes";
import * as m0028 from "./0028_rescue_deadline";
import * as m0029 from "./0029_timeliness_counts";

export const migrations: Record<string, Migration> = {
  "0001_init": m0001,
  "0003_staff_a": m0003,
  "0005_public": m0005,
  "0006_bench_indexes": m0006,
  "0007_login_reservations": m0007,
  "0008_tracking_secrets": m0008,
  "0009_counters": m0009,
  "0010_outbox_lease": m0010,
  "0011_search_words": m0011,
  "0012_file_blobs": m0012,
  "0013_reviewer_expertise": m0013,
  "0014_working_day_adjustments": m0014,
  "0015_consent_records": m0015,
  "0016_privacy_requests": m0016,
  "0017_reviewer_copies_and_access_log": m0017,
  "0018_staff_notifications": m0018,
  "0019_search_labels_and_tiers": m0019,
  "0020_public_pages_version": m0020,
  "0021_council_meetings": m0021,
  "0022_rubric_band_descriptors": m0022,
  "0023_duplicate_links": m0023,
  "0024_service_targets_and_ratings": m0024,
  "0025_campaigns_and_adoptions": m0025,
  "0026_city_level_nominations": m0026,
  "0027_queue_indexes": m0027,
  "0028_rescue_deadline": m0028,
  "0029_timeliness_counts": m0029,
};
