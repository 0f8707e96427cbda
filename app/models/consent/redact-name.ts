/**
 * Takes a person's name out of a text, however it is written: the same folded word sequence that
 * `personalDataIn` (publication-rules.ts) finds ("Nguyễn Văn An", "NGUYEN VAN AN", "Nguyen-Van-An",
 * "NguyenVanAn"). Every whole word the match touches is replaced, so no part of the name stays behind.
 */
import { fold } from "../../utils/text";

export function redactWords(text: string, name: string, replacement: string): string {
  const target = fold(name)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join("");
  if (!target) return text;
  const tokens = [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, word: m[0] }));
  const pieces: { text: string; token: number }[] = [];
  tokens.forEach((t, k) => {
    for (const piece of fold(t.word).split(/[^a-z0-9]+/)) if (piece) pieces.push({ text: piece, token: k });
  });
  const spans: [number, number][] = [];
  for (let i = 0; i < pieces.length; i++) {
    let run = "";
    for (let j = i; j < pieces.length; j++) {
      run += pieces[j].text;
      if (run === target) {
        spans.push([tokens[pieces[i].token].start, tokens[pieces[j].token].end]);
        i = j;
        break;
      }
      if (!target.startsWith(run)) break;
    }
  }
  let out = text;
  for (const [start, end] of spans.reverse()) out = out.slice(0, start) + replacement + out.slice(end);
  return out;
}
