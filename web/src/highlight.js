import { h } from "./dom.js";

export const FIELD_COLORS = { evidence: "#fff3b0", date: "#b7e4c7", time: "#b7e4c7", place: "#a9d6f5", event_type: "#f8c4c4", target: "#f5d0a9",
  killed: "#d7b9f0", injured: "#e6cff7", claimed_by: "#c7d2fe", attributed_to: "#c7d2fe", claim_channel: "#e5e7eb" };

// The text with each span wrapped in <mark> (built as text nodes: the article is never parsed as HTML).
// spans: [{field, start, end, report}] — overlapping spans nest as segments carrying every field that covers them.
export function highlighted(text, spans) {
  const cuts = new Set([0, text.length]);
  const ok = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end <= text.length && s.end > s.start);
  for (const s of ok) { cuts.add(s.start); cuts.add(s.end); }
  const pts = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < pts.length - 1; i++) {
    const a = pts[i], b = pts[i + 1];
    const piece = text.slice(a, b);
    const cover = ok.filter((s) => s.start <= a && s.end >= b);
    if (!cover.length) { out.push(piece); continue; }
    const fields = [...new Set(cover.map((s) => s.field))];
    const main = fields.find((f) => f !== "evidence") || "evidence";
    out.push(h("mark", { class: `hl f-${main}` + (fields.includes("evidence") ? " in-evidence" : ""), "data-fields": fields.join(" "),
      "data-reports": [...new Set(cover.map((s) => s.report))].join(" "), title: fields.join(", "),
      style: `background:${FIELD_COLORS[main] || "#eee"}` }, piece));
  }
  return out;
}

export function spansOf(event, report) {
  return Object.entries(event.spans || {}).map(([field, se]) => ({ field, start: se[0], end: se[1], report }));
}
