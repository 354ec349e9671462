import { api, getToken, setToken } from "./api.js";
import { h, clear, fmt, TYPES } from "./dom.js";
import { createMap } from "./map.js";
import { createTimeline, isoToDay } from "./timeline.js";
import { renderIncident } from "./incident.js";
import { renderSubmit } from "./submit.js";

const T0 = performance.now();
const view = document.getElementById("view");
const TARGETS = ["base", "convoy", "embassy", "airport", "other"];
const COLUMNS = [["date", "Date"], ["country", "Country"], ["admin1", "Governorate"], ["place", "Place"], ["event_type", "Type"],
  ["target", "Target"], ["actor_name", "Group"], ["killed", "Killed"], ["injured", "Injured"], ["n_reports", "Reports"]];

const dash = { filters: { country: "", governorate: "", type: [], target: [], group: "", q: "" }, range: null, sort: "-date",
  offset: 0, limit: 50, points: [], truces: [], facets: null, map: null, timeline: null, el: null };

function pointsFrom(data) {
  const idx = Object.fromEntries(data.fields.map((f, i) => [f, i]));
  return data.rows.map((r) => ({ id: r[idx.id], lat: r[idx.lat], lon: r[idx.lon], type: r[idx.type], target: r[idx.target],
    killed: r[idx.killed], injured: r[idx.injured], day: r[idx.day] }));
}
const inRange = (p) => !dash.range || (p.day !== null && p.day >= isoToDay(dash.range.since) && p.day <= isoToDay(dash.range.until));

function filterBar() {
  const f = dash.filters;
  const facets = dash.facets;
  const sel = (name, label, values) => h("label", null, label, h("select", { name, onchange: (e) => { f[name] = e.target.value; reload(); } },
    h("option", { value: "" }, "all"), values.map((v) => h("option", { value: v.value ?? v, selected: f[name] === (v.value ?? v) }, v.label ?? v.value ?? v))));
  const multi = (name, label, values) => h("fieldset", { class: "chips" }, h("legend", null, label), values.map((v) =>
    h("label", { class: "chip" }, h("input", { type: "checkbox", name, value: v, checked: f[name].includes(v),
      onchange: (e) => { f[name] = e.target.checked ? [...f[name], v] : f[name].filter((x) => x !== v); reload(); } }), v.replace("_", " "))));
  let timer = null;
  const text = (name, label, ph) => h("label", null, label, h("input", { type: "search", name, value: f[name], placeholder: ph,
    oninput: (e) => { clearTimeout(timer); timer = setTimeout(() => { f[name] = e.target.value.trim(); reload(); }, 300); } }));
  const govs = (facets?.governorates || []).filter((g) => !f.country || g.country === f.country).map((g) => ({ value: g.value, label: `${g.value} (${g.count})` }));
  return h("form", { class: "filters", onsubmit: (e) => e.preventDefault() },
    sel("country", "Country", (facets?.countries || []).map((c) => ({ value: c.value, label: `${c.value} (${c.count})` }))),
    sel("governorate", "Governorate", govs),
    multi("type", "Type", TYPES), multi("target", "Target", TARGETS),
    text("group", "Group", "e.g. Kata'ib Hezbollah"), text("q", "Search", "place, group…"),
    h("button", { type: "button", class: "link", onclick: () => { dash.filters = { country: "", governorate: "", type: [], target: [], group: "", q: "" }; dash.range = null; renderDashboard(); } }, "Reset"));
}

function params() {
  const f = dash.filters;
  return { country: f.country, governorate: f.governorate, type: f.type, target: f.target, group: f.group, q: f.q };
}

async function loadTable() {
  const box = dash.el.querySelector("#table");
  const p = { ...params(), sort: dash.sort, limit: dash.limit, offset: dash.offset };
  if (dash.range) Object.assign(p, dash.range);
  let data;
  try { data = await api("/api/incidents", { params: p }); } catch (e) { clear(box).appendChild(h("p", { class: "error" }, e.message)); return; }
  const head = h("tr", null, COLUMNS.map(([k, label]) => {
    const active = dash.sort.replace("-", "") === k;
    const arrow = active ? (dash.sort.startsWith("-") ? " ▼" : " ▲") : "";
    return h("th", { "data-sort": k, class: active ? "sorted" : "", title: "Sort",
      onclick: () => { dash.sort = active && !dash.sort.startsWith("-") ? "-" + k : active ? k : (["date", "killed", "injured", "n_reports"].includes(k) ? "-" + k : k); dash.offset = 0; loadTable(); } }, label + arrow);
  }));
  const rows = data.items.map((r) => h("tr", { class: "row", "data-id": r.id, onclick: () => { location.hash = `#/incident/${r.id}`; } },
    COLUMNS.map(([k]) => {
      if (k === "date") return h("td", null, h("a", { href: `#/incident/${r.id}` }, fmt(r.date)));
      if (k === "actor_name") return h("td", null, fmt(r.actor_name || r.claimed_by || (r.attributed_to ? `(attr.) ${r.attributed_to}` : null)));
      if (k === "event_type") return h("td", null, h("span", { class: `tag t-${r.event_type}` }, fmt(r.event_type).replace("_", " ")));
      return h("td", { class: ["killed", "injured", "n_reports"].includes(k) ? "num" : "" }, fmt(r[k]));
    })));
  const from = data.total ? dash.offset + 1 : 0, to = Math.min(data.total, dash.offset + data.items.length);
  const pager = h("div", { class: "pager" },
    h("span", { id: "tablecount" }, `${from}–${to} of ${data.total} incidents` + (dash.range ? ` (${dash.range.since} to ${dash.range.until})` : "")),
    h("button", { type: "button", disabled: dash.offset === 0, onclick: () => { dash.offset = Math.max(0, dash.offset - dash.limit); loadTable(); } }, "‹ Prev"),
    h("button", { type: "button", disabled: to >= data.total, onclick: () => { dash.offset += dash.limit; loadTable(); } }, "Next ›"));
  clear(box).append(pager, h("table", { class: "incidents" }, h("thead", null, head), h("tbody", null, rows)));
}

function refreshMap() {
  const pts = dash.points.filter(inRange);
  const t = performance.now();
  const n = dash.map.setPoints(pts);
  window.__sitrepMapMs = performance.now() - t;
  const info = dash.el.querySelector("#mapcount");
  info.textContent = `${pts.length} incidents` + (n < pts.length ? ` (${pts.length - n} without coordinates)` : "") + (dash.range ? ` · ${dash.range.since} to ${dash.range.until}` : "");
  dash.el.querySelector("#clearbrush").hidden = !dash.range;
}

async function reload() {
  dash.offset = 0;
  const data = await api("/api/incidents/points", { params: params() });
  dash.points = pointsFrom(data);
  dash.timeline.setData(dash.points, dash.truces);
  if (dash.range) dash.timeline.setBrush(dash.range);
  refreshMap();
  await loadTable();
}

async function renderDashboard() {
  const el = h("div", { class: "dash" },
    h("section", { class: "panel filters-panel" }, h("div", { id: "filterbar" })),
    h("section", { class: "panel map-panel" }, h("div", { class: "panel-head" }, h("h2", null, "Map"), h("span", { id: "mapcount", class: "muted" })),
      h("div", { id: "map" })),
    h("section", { class: "panel timeline-panel" }, h("div", { class: "panel-head" }, h("h2", null, "Tempo (incidents per week)"),
      h("span", { class: "muted" }, "drag to select a period · shaded: truces"),
      h("button", { id: "clearbrush", type: "button", class: "link", hidden: true, onclick: () => { dash.range = null; dash.timeline.clearBrush(); refreshMap(); dash.offset = 0; loadTable(); } }, "clear selection")),
      h("div", { id: "timeline" })),
    h("section", { class: "panel table-panel" }, h("div", { class: "panel-head" }, h("h2", null, "Incidents")), h("div", { id: "table" })));
  clear(view).appendChild(el);
  dash.el = el;
  dash.map = createMap(el.querySelector("#map"), { onSelect: (id) => { location.hash = `#/incident/${id}`; } });
  dash.timeline = createTimeline(el.querySelector("#timeline"), { onBrush: (r) => { dash.range = r; refreshMap(); dash.offset = 0; loadTable(); } });
  try {
    // truce periods can take a moment to compute on a big database: they shade the timeline when they arrive
    const trucesLoaded = api("/api/truces").catch(() => ({ items: [] }));
    const tableLoaded = loadTable(); // in parallel with the map's data
    const [facets, pts] = await Promise.all([api("/api/facets"), api("/api/incidents/points", { params: params() })]);
    dash.facets = facets;
    dash.points = pointsFrom(pts);
    document.getElementById("dbinfo").textContent = `${facets.incidents} incidents · ${fmt(facets.first_date)} to ${fmt(facets.last_date)}`;
    el.querySelector("#filterbar").replaceWith(filterBar());
    dash.timeline.setData(dash.points, dash.truces);
    if (dash.range) dash.timeline.setBrush(dash.range);
    refreshMap();
    await Promise.all([tableLoaded, dash.map.ready]);
    if (!window.__sitrepReadyMs) window.__sitrepReadyMs = performance.now() - T0;
    document.body.dataset.ready = "dashboard";
    const truces = await trucesLoaded;
    if (dash.el !== el) return; // the user has moved on
    dash.truces = truces.items || [];
    dash.timeline.setData(dash.points, dash.truces);
    if (dash.range) dash.timeline.setBrush(dash.range);
    document.body.dataset.truces = String(dash.truces.length);
  } catch (e) {
    clear(view).appendChild(h("p", { class: "error pad" }, "Cannot load the dashboard: " + e.message));
    document.body.dataset.ready = "error";
  }
}

function route() {
  document.body.dataset.ready = "";
  const hash = location.hash || "#/";
  const m = hash.match(/^#\/incident\/(\d+)/);
  for (const a of document.querySelectorAll("[data-nav]")) a.classList.toggle("active", (a.dataset.nav === "submit") === hash.startsWith("#/submit") && !m);
  if (m) return renderIncident(view, Number(m[1]));
  if (hash.startsWith("#/submit")) return renderSubmit(view);
  return renderDashboard();
}

document.getElementById("tokenbtn").addEventListener("click", () => {
  const t = window.prompt("Token for saving articles (SITREP_TOKEN). Kept in this tab only; empty to forget.", getToken());
  if (t !== null) setToken(t.trim());
  document.getElementById("tokenbtn").classList.toggle("on", !!getToken());
});
document.getElementById("tokenbtn").classList.toggle("on", !!getToken());
window.addEventListener("hashchange", route);
route();
