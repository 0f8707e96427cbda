/**
 * `npm run bench:assign [-- --cases 1000 --reviewers 50 --rounds 5]`
 *
 * Times the automatic assignment's solver (app/models/review/auto-assign.ts) on a random instance: every case
 * needs 2 reviewers, every reviewer has a random current load and room for the whole batch, a few pairs are
 * excluded. Reports the median and the worst of the rounds for the deterministic and the randomised (cap 0.5)
 * modes. The target (1,000 cases × 50 reviewers under a second) is reported, not asserted.
 */
import { autoAssign, seededRandomInt, type CaseInput, type Exclusion, type ReviewerInput } from "../../app/models/review/auto-assign";
import { PROCEDURE_DOMAINS, REFORM_AREAS } from "../../app/models/initiative/taxonomy";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const nCases = option("cases", 1000);
const nReviewers = option("reviewers", 50);
const rounds = option("rounds", 5);
const rnd = seededRandomInt("be7c4");
const cases: CaseInput[] = Array.from({ length: nCases }, (_, i) => ({
  id: i + 1,
  need: 2,
  area: REFORM_AREAS[rnd(REFORM_AREAS.length)],
  domain: PROCEDURE_DOMAINS[rnd(PROCEDURE_DOMAINS.length)],
}));
const room = Math.ceil((2 * nCases) / nReviewers) + 10;
const reviewers: ReviewerInput[] = Array.from({ length: nReviewers }, (_, j) => ({
  id: j + 1,
  load: rnd(4),
  maxLoad: room,
  areas: REFORM_AREAS.filter(() => rnd(3) === 0),
  domains: PROCEDURE_DOMAINS.filter(() => rnd(3) === 0),
}));
const exclusions: Exclusion[] = [];
for (const c of cases) for (const r of reviewers) if (rnd(100) < 3) exclusions.push({ caseId: c.id, reviewerId: r.id, reason: "conflict" });

function time(label: string, run: () => ReturnType<typeof autoAssign>) {
  const ms: number[] = [];
  const cpu: number[] = [];
  let last: ReturnType<typeof autoAssign> | null = null;
  for (let k = 0; k < rounds; k++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    last = run();
    const c = process.cpuUsage(c0);
    ms.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  ms.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)];
  const cpuMedian = cpu[Math.floor(cpu.length / 2)];
  // CPU time beside wall time: on a shared machine the wall clock also counts the time other processes ran.
  console.log(
    `${label}: ${nCases} cases × ${nReviewers} reviewers — median ${median.toFixed(0)} ms (CPU ${cpuMedian.toFixed(0)} ms), worst ${ms[ms.length - 1].toFixed(0)} ms ` +
      `(${last!.pairs.length} pairs, ${last!.infeasible.length} cases infeasible; target < 1000 ms: wall ${median < 1000 ? "met" : "missed"}, CPU ${cpuMedian < 1000 ? "met" : "missed"})`,
  );
}

time("deterministic", () => autoAssign(cases, reviewers, exclusions));
let seed = 0;
time("randomised, cap 0.5", () =>
  autoAssign(cases, reviewers, exclusions, { cap: 0.5, randomInt: seededRandomInt((++seed).toString(16)) }),
);
