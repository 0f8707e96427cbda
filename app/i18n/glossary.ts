/**
 * The words of the domain (docs/domain.md, "Words"): one word per thing in each language, so a citizen who reads
 * "mã hồ sơ" on the receipt finds "mã hồ sơ" on the tracking page, not "mã tra cứu". `avoid` lists the synonyms
 * that have been used or are likely to creep in; tests/unit/glossary.test.ts fails on any of them in a dictionary.
 * Patterns match on lower-cased, NFC text.
 */
export interface GlossaryEntry {
  concept: string;
  vi: string;
  en: string;
  avoidVi: RegExp[];
  avoidEn: RegExp[];
}

export const GLOSSARY: readonly GlossaryEntry[] = [
  {
    concept: "initiative",
    vi: "sáng kiến",
    en: "initiative",
    // "đề xuất" stays a staff verb (a proposed assignment); as a noun for what citizens send it is a synonym.
    avoidVi: [/ý tưởng/u, /đề án/u, /gửi đề xuất/u, /đề xuất (cải cách|của (bạn|người dân))/u],
    avoidEn: [/\bideas?\b/u],
  },
  {
    concept: "submission",
    vi: "hồ sơ",
    en: "submission",
    avoidVi: [/bài dự thi/u, /đơn đăng ký/u, /phiếu đăng ký/u, /bản đăng ký/u],
    // "lower-case", "upper-case" and "in case" are not a submission.
    avoidEn: [/(?<![-\w]|in )\bcases?\b/u, /\bentry forms?\b/u],
  },
  {
    concept: "tracking code",
    vi: "mã hồ sơ",
    en: "tracking code",
    avoidVi: [/mã tra cứu/u, /mã theo dõi/u, /mã số hồ sơ/u, /mã đăng ký/u, /mã biên nhận/u],
    avoidEn: [/\breference (number|code)\b/u, /\blookup code\b/u, /\btracking number\b/u],
  },
  {
    concept: "reviewer",
    vi: "thành viên thẩm định",
    en: "reviewer",
    avoidVi: [
      /người chấm/u,
      /giám khảo/u,
      /người thẩm định/u,
      /thẩm định viên/u,
      /chuyên gia thẩm định/u,
      /người đánh giá/u,
      /tổ thẩm định/u,
    ],
    avoidEn: [/\bassessors?\b/u, /\bevaluators?\b/u, /\bjudges?\b/u, /\bjur(y|ies)\b/u, /\bscorers?\b/u],
  },
  {
    concept: "review",
    vi: "phiếu chấm điểm",
    en: "review",
    avoidVi: [/phiếu chấm(?! điểm)/u, /phiếu đánh giá/u, /phiếu thẩm định/u, /bản đánh giá/u, /bài chấm/u],
    avoidEn: [/\bscore ?sheets?\b/u, /\bscorecards?\b/u, /\bevaluation forms?\b/u],
  },
  {
    concept: "council decision",
    vi: "quyết định của hội đồng",
    en: "council decision",
    avoidVi: [/kết luận của hội đồng/u, /nghị quyết của hội đồng/u, /quyết định hội đồng/u],
    avoidEn: [/\bverdicts?\b/u, /\brulings?\b/u],
  },
  {
    concept: "commendation",
    vi: "khen thưởng, biểu dương",
    en: "commendation",
    avoidVi: [/khen ngợi/u, /tặng thưởng/u, /giải thưởng/u],
    avoidEn: [/\bprizes?\b/u],
  },
  {
    concept: "campaign",
    vi: "đợt phát động",
    en: "campaign",
    avoidVi: [/chiến dịch/u, /cuộc thi/u, /đợt thi/u, /đợt kêu gọi/u],
    avoidEn: [/\bcontests?\b/u, /\bcompetitions?\b/u],
  },
];
