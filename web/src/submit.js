import { api, getToken, setToken } from "./api.js";
import { h, clear, fmt, append } from "./dom.js";
import { highlighted, spansOf } from "./highlight.js";

let draft = { text: "", url: "", published: "", outlet: "" };

function eventsTable(result) {
  if (!result.events.length) return h("p", { class: "muted" }, "No attack found in this text.");
  return h("table", { class: "extracted" }, h("thead", null, h("tr", null, ["#", "Date", "Place", "Governorate", "Type", "Target", "Claimed by", "Killed", "Injured", "Evidence"].map((x) => h("th", null, x)))),
    h("tbody", null, result.events.map((e, i) => h("tr", null, h("td", null, String(i + 1)), h("td", null, fmt(e.date)), h("td", null, fmt(e.place)),
      h("td", null, fmt(e.admin1)), h("td", null, fmt(e.event_type)), h("td", null, fmt(e.target)), h("td", { class: "claimed" }, fmt(e.claimed_by)),
      h("td", null, fmt(e.casualties?.killed)), h("td", null, fmt(e.casualties?.injured)), h("td", { class: "small" }, e.evidence)))));
}

export function renderSubmit(view) {
  const out = h("div", { id: "preview" });
  const status = h("p", { id: "submit-status", class: "muted", role: "status" });
  const field = (name, label, attrs = {}) => h("label", null, label, h("input", { name, value: draft[name], ...attrs, oninput: (e) => { draft[name] = e.target.value; } }));
  const form = h("form", { class: "submit-form", onsubmit: (e) => e.preventDefault() },
    h("label", { class: "wide" }, "Article text (title line, then the body) or the page's HTML",
      h("textarea", { name: "text", rows: 14, oninput: (e) => { draft.text = e.target.value; } }, draft.text)),
    h("div", { class: "row" }, field("url", "URL", { type: "url", placeholder: "https://…" }), field("published", "Published", { type: "date" }),
      field("outlet", "Outlet"),
      h("label", null, "Token", h("input", { name: "token", type: "password", value: getToken(), autocomplete: "off", oninput: (e) => setToken(e.target.value.trim()) }))),
    h("div", { class: "row" }, h("button", { type: "button", id: "btn-preview", onclick: () => go(false) }, "Preview extraction"),
      h("button", { type: "button", id: "btn-save", class: "primary", onclick: () => go(true) }, "Save to database")),
    status);

  async function go(save) {
    const text = draft.text.trim();
    if (!text) { status.textContent = "Paste an article first."; return; }
    const isHtml = /^\s*<(!doctype|html|head|body|article)\b/i.test(text);
    const body = { [isHtml ? "html" : "text"]: text, url: draft.url || null, published: draft.published || null, outlet: draft.outlet || null };
    status.textContent = save ? "Extracting and saving…" : "Extracting…";
    status.className = "muted";
    try {
      const r = await api(save ? "/api/documents" : "/api/extract", { method: "POST", body });
      status.textContent = save ? `Saved (${r.outcome.status}): ${r.outcome.reports} report(s), ${r.outcome.incidents_new} new incident(s), ${r.outcome.incidents_merged} merged into existing ones.`
        : `Preview: ${r.result.events.length} event(s), ${r.result.context.length} context fact(s). Nothing saved yet.`;
      append(clear(out), [
        h("h2", null, save ? "Stored" : "Extracted (not saved)"), eventsTable(r.result),
        save && r.incidents.length ? h("p", null, "Incidents: ", r.incidents.map((i) => h("a", { href: `#/incident/${i.id}`, class: "inc-link" }, `#${i.id} (${fmt(i.date)}, ${fmt(i.place)}) `))) : null,
        r.result.context.length ? h("div", null, h("h3", null, "Context facts"), h("ul", null, r.result.context.map((c) => h("li", null, `${c.kind}: ${fmt(c.actor || c.group)} ${c.start || c.date || ""} — `, h("span", { class: "muted" }, c.evidence))))) : null,
        h("h3", null, "Text with evidence highlighted"),
        h("pre", { class: "article-text" }, highlighted(r.document.text, r.result.events.flatMap((e, i) => spansOf(e, i + 1))))]);
      document.body.dataset.ready = save ? "saved" : "previewed";
    } catch (e) {
      status.textContent = (e.status === 401 || e.status === 403 ? "Not saved: " : "Error: ") + e.message;
      status.className = "error";
      document.body.dataset.ready = "submit-error";
    }
  }
  clear(view).appendChild(h("div", { class: "submit-page pad" }, h("h1", null, "Submit an article"),
    h("p", { class: "muted" }, "Preview shows what the extractor reads, with the evidence for each value; Save stores it and links it to incidents (needs the server's token)."),
    form, out));
  document.body.dataset.ready = "submit";
}
