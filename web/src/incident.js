import { api } from "./api.js";
import { h, clear, fmt, safeUrl } from "./dom.js";
import { highlighted, spansOf, FIELD_COLORS } from "./highlight.js";

const FIELDS = [["date", "Date"], ["date_end", "Until"], ["time", "Time"], ["country", "Country"], ["admin1", "Governorate"], ["admin2", "District"],
  ["place", "Place"], ["lat", "Lat"], ["lon", "Lon"], ["event_type", "Type"], ["target", "Target"], ["claimed_by", "Claimed by"],
  ["actor_name", "Group"], ["attribution", "Attribution"], ["attributed_to", "Attributed to"], ["killed", "Killed"], ["injured", "Injured"]];
const SPAN_FIELD = { admin1: "place", admin2: "place", lat: "place", lon: "place", geo_precision: "place", actor_name: "claimed_by", date_end: "date", attribution: "claimed_by" };

function groupBox(g, title) {
  if (!g) return null;
  const link = (x) => (x ? h("span", null, x.name, x.kind ? h("span", { class: "muted" }, ` (${x.kind.replace("_", " ")})`) : null) : "–");
  return h("div", { class: "group-box" }, h("h3", null, title),
    h("dl", null, h("dt", null, "Group"), h("dd", { class: "group-name" }, g.name, g.kind ? h("span", { class: "muted" }, ` (${g.kind.replace("_", " ")})`) : null,
      g.in_registry ? null : h("span", { class: "tag warn" }, "not in registry")),
    h("dt", null, "Parent"), h("dd", { class: "group-parent" }, link(g.parent)),
    h("dt", null, "Umbrella"), h("dd", { class: "group-umbrella" }, link(g.umbrella)),
    g.note ? [h("dt", null, "Note"), h("dd", { class: "muted small" }, g.note)] : null));
}

export async function renderIncident(view, id) {
  clear(view).appendChild(h("p", { class: "muted pad" }, `Loading incident ${id}…`));
  let d;
  try { d = await api(`/api/incidents/${id}`); } catch (e) {
    clear(view).appendChild(h("p", { class: "error pad" }, e.message));
    document.body.dataset.ready = "error";
    return;
  }
  const inc = d.incident, res = inc.resolution || {};
  const reportById = Object.fromEntries(d.reports.map((r) => [r.id, r]));
  const docById = Object.fromEntries(d.documents.map((x) => [x.id, x]));
  const docEl = {};

  function focus(field) {
    const p = res[field] || {};
    const rid = p.report;
    const sf = SPAN_FIELD[field] || field;
    for (const m of view.querySelectorAll("mark.focus")) m.classList.remove("focus");
    let first = null;
    for (const m of view.querySelectorAll("mark.hl")) {
      const fields = m.dataset.fields.split(" "), reps = m.dataset.reports.split(" ");
      if (fields.includes(sf) && (rid === null || rid === undefined || reps.includes(String(rid)))) { m.classList.add("focus"); first ||= m; }
    }
    if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  const rows = FIELDS.map(([k, label]) => {
    const p = res[k] || {};
    const alts = p.alternatives || [];
    return h("tr", { "data-field": k, class: alts.length ? "disputed" : "", onclick: () => focus(k), title: "Show the evidence" },
      h("th", null, label), h("td", { class: "val" }, fmt(inc[k])),
      h("td", { class: "muted small" }, p.report ? `report ${p.report}` : "", p.rule ? ` · ${p.rule}` : ""),
      h("td", { class: "small" }, alts.map((a) => h("div", { class: "alt" }, fmt(a.value), h("span", { class: "muted" }, ` (reports ${(a.reports || []).join(", ")})`)))));
  });

  const docs = d.documents.map((doc) => {
    const reps = d.reports.filter((r) => r.document_id === doc.id);
    const spans = reps.flatMap((r) => spansOf(r.event, r.id));
    const url = safeUrl(doc.url);
    const el = h("article", { class: "source", id: `doc-${doc.id}`, "data-doc": doc.id },
      h("header", null, h("h3", null, doc.outlet || doc.doc_id), h("span", { class: "muted" }, ` published ${fmt(doc.published)} · revision ${doc.revision}`),
        url ? h("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank", class: "small" }, " source link") : null),
      h("pre", { class: "article-text" }, highlighted(doc.text || "", spans)));
    docEl[doc.id] = el;
    return el;
  });

  const reportRows = d.reports.map((r) => {
    const doc = docById[r.document_id] || {};
    const e = r.event;
    return h("tr", { "data-report": r.id },
      h("td", null, String(r.id)), h("td", null, doc.outlet || doc.doc_id || "?"), h("td", null, fmt(doc.published)),
      h("td", null, `${fmt(e.date)} · ${fmt(e.place)} · ${fmt(e.event_type)} on ${fmt(e.target)} · k ${fmt(e.casualties?.killed)} / i ${fmt(e.casualties?.injured)}`,
        e.claimed_by ? ` · claimed by ${e.claimed_by}` : ""),
      h("td", { class: "small" }, r.reason ? `${r.reason}${r.score !== null && r.score !== undefined ? ` (score ${Number(r.score).toFixed(2)})` : ""}` : ""),
      h("td", { class: "evidence small" }, h("a", { href: `#doc-${r.document_id}`, onclick: (ev) => { ev.preventDefault(); docEl[r.document_id]?.scrollIntoView({ behavior: "smooth" }); } }, e.evidence || "")));
  });

  const legend = h("div", { class: "hl-legend small" }, Object.entries(FIELD_COLORS).filter(([k]) => !["time", "attributed_to", "claim_channel", "injured"].includes(k))
    .map(([k, c]) => h("span", null, h("i", { style: `background:${c}` }), k === "killed" ? "casualties" : k.replace("_", " "))));

  const page = h("div", { class: "incident-page" },
    h("p", null, h("a", { href: "#/" }, "← dashboard")),
    h("h1", null, `Incident ${inc.id}: ${String(inc.event_type || "attack").replace("_", " ")} on ${inc.target || "?"}, ${inc.place || inc.admin1 || inc.country || "?"}`,
      h("span", { class: "muted" }, ` · ${fmt(inc.date)}`)),
    h("p", { class: "muted" }, `${inc.n_reports} report(s) from ${d.outlets.length} outlet(s): ${d.outlets.join(", ") || "–"} · status ${inc.status}`),
    h("div", { class: "incident-grid" },
      h("section", { class: "panel" }, h("h2", null, "Values"), h("p", { class: "muted small" }, "Click a value to highlight its evidence in the source text. Alternatives: what other reports said."),
        h("table", { class: "fields" }, h("thead", null, h("tr", null, h("th", null, "Field"), h("th", null, "Value"), h("th", null, "Source"), h("th", null, "Alternatives"))), h("tbody", null, rows))),
      h("section", { class: "panel" }, groupBox(d.group, "Resolved group"), d.attributed_group ? groupBox(d.attributed_group, "Attributed to") : null,
        Object.keys(d.disagreements).length ? h("div", { class: "disagree" }, h("h3", null, "Where reports disagree"),
          h("ul", null, Object.entries(d.disagreements).map(([f, alts]) => h("li", null, h("b", null, f), ": chosen ", fmt(inc[f]), "; also ",
            alts.map((a) => `${fmt(a.value)} (reports ${(a.reports || []).join(", ")})`).join("; "))))) : h("p", { class: "muted" }, "All reports agree."),
        h("h3", null, "History"), h("ul", { class: "history small" }, d.history.map((e) => h("li", null, `${e.at.slice(0, 19).replace("T", " ")} ${e.action}`,
          e.report_id ? ` report ${e.report_id}` : "", e.detail && Object.keys(e.detail).length ? ` ${JSON.stringify(e.detail)}` : ""))))),
    h("section", { class: "panel" }, h("h2", null, "Reports and outlets"),
      h("table", { class: "reports" }, h("thead", null, h("tr", null, ["Report", "Outlet", "Published", "What it says", "Linked by", "Evidence"].map((x) => h("th", null, x)))),
        h("tbody", null, reportRows))),
    h("section", { class: "panel" }, h("h2", null, "Source articles"), legend, docs));
  clear(view).appendChild(page);
  window.scrollTo(0, 0);
  document.body.dataset.ready = "incident";
}
