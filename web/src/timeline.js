import { h, TYPE_COLORS, TYPES } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
const DAY = 86400000;
const s = (tag, attrs = {}, ...kids) => {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const k of kids) el.appendChild(typeof k === "string" ? document.createTextNode(k) : k);
  return el;
};
export const dayToIso = (d) => new Date(d * DAY).toISOString().slice(0, 10);
export const isoToDay = (iso) => Math.floor(Date.parse(iso.length === 7 ? iso + "-01" : iso) / DAY);

// Weekly attack tempo as stacked bars by type, truce periods shaded; drag to select a period (brush).
export function createTimeline(el, { onBrush } = {}) {
  let state = { points: [], truces: [], lo: 0, hi: 1, sel: null };
  const W = () => Math.max(300, el.clientWidth), H = 150, M = { l: 34, r: 10, t: 10, b: 22 };

  function render() {
    const { points, truces } = state;
    const width = W();
    el.replaceChildren();
    const days = points.map((p) => p.day).filter((d) => d !== null);
    if (!days.length) { el.appendChild(h("p", { class: "muted pad" }, "No dated incidents.")); return; }
    let lo = Math.min(...days), hi = Math.max(...days);
    lo -= ((lo + 3) % 7 + 7) % 7; // Monday on or before (1970-01-01 was a Thursday)
    hi = hi + 7;
    state.lo = lo; state.hi = hi;
    const nb = Math.ceil((hi - lo) / 7);
    const bins = Array.from({ length: nb }, () => Object.fromEntries(TYPES.map((t) => [t, 0])));
    for (const p of points) if (p.day !== null) bins[Math.floor((p.day - lo) / 7)][p.type in TYPE_COLORS ? p.type : "unknown"]++;
    const maxN = Math.max(1, ...bins.map((b) => TYPES.reduce((a, t) => a + b[t], 0)));
    const x = (d) => M.l + ((d - lo) / (hi - lo)) * (width - M.l - M.r);
    const y = (n) => H - M.b - (n / maxN) * (H - M.t - M.b);
    const svg = s("svg", { width, height: H, class: "timeline-svg", role: "img", "aria-label": "Incidents per week" });
    for (const t of truces) {
      if (!t.start) continue;
      const until = t.end || t.during_until; // an open truce: shaded until the first attack after it, if any
      const a = Math.max(lo, isoToDay(t.start)), b = Math.min(hi, until ? isoToDay(until) : a + 28);
      if (b < lo || a > hi || b <= a) continue;
      const r = s("rect", { x: x(a), y: M.t, width: Math.max(3, x(b) - x(a)), height: H - M.t - M.b, class: t.end ? "truce" : "truce open" });
      r.appendChild(s("title", {}, `Truce: ${t.actor || t.group || "?"} from ${t.start}` + (t.end ? ` to ${t.end}` : ` (no declared end${until ? `; next attack ${until}` : ""})`)));
      svg.appendChild(r);
    }
    const bw = Math.max(1, (width - M.l - M.r) / nb - 0.5);
    bins.forEach((b, i) => {
      let acc = 0;
      for (const t of TYPES) {
        if (!b[t]) continue;
        const y0 = y(acc), y1 = y(acc + b[t]);
        svg.appendChild(s("rect", { x: x(lo + i * 7), y: y1, width: bw, height: Math.max(0.5, y0 - y1), fill: TYPE_COLORS[t] }));
        acc += b[t];
      }
    });
    // axes
    svg.appendChild(s("line", { x1: M.l, x2: width - M.r, y1: H - M.b, y2: H - M.b, class: "axis" }));
    const years = [];
    for (let yr = new Date(lo * DAY).getUTCFullYear(); yr <= new Date(hi * DAY).getUTCFullYear() + 1; yr++) years.push(yr);
    const spanDays = hi - lo;
    const ticks = [];
    for (const yr of years) for (let m = 0; m < 12; m += spanDays > 1500 ? 12 : spanDays > 500 ? 6 : spanDays > 120 ? 1 : 1) ticks.push(Date.UTC(yr, m, 1) / DAY);
    let lastX = -1e9;
    for (const d of ticks) {
      if (d < lo || d > hi) continue;
      const xx = x(d);
      if (xx - lastX < 48) continue;
      lastX = xx;
      svg.appendChild(s("line", { x1: xx, x2: xx, y1: H - M.b, y2: H - M.b + 4, class: "axis" }));
      svg.appendChild(s("text", { x: xx + 2, y: H - 6, class: "tick" }, dayToIso(d).slice(0, 7)));
    }
    svg.appendChild(s("text", { x: 2, y: M.t + 8, class: "tick" }, String(maxN)));
    svg.appendChild(s("text", { x: 2, y: H - M.b, class: "tick" }, "0"));
    const brush = s("rect", { class: "brush", y: M.t, height: H - M.t - M.b, x: 0, width: 0, visibility: "hidden" });
    svg.appendChild(brush);
    if (state.sel) { brush.setAttribute("x", x(state.sel[0])); brush.setAttribute("width", Math.max(1, x(state.sel[1]) - x(state.sel[0]))); brush.setAttribute("visibility", "visible"); }
    const toDay = (px) => Math.round(lo + ((px - M.l) / (width - M.l - M.r)) * (hi - lo));
    let start = null;
    const px = (ev) => ev.clientX - svg.getBoundingClientRect().left;
    svg.addEventListener("pointerdown", (ev) => { start = px(ev); svg.setPointerCapture(ev.pointerId); });
    svg.addEventListener("pointermove", (ev) => {
      if (start === null) return;
      const a = Math.min(start, px(ev)), b = Math.max(start, px(ev));
      brush.setAttribute("x", a); brush.setAttribute("width", b - a); brush.setAttribute("visibility", "visible");
    });
    svg.addEventListener("pointerup", (ev) => {
      if (start === null) return;
      const a = Math.min(start, px(ev)), b = Math.max(start, px(ev));
      start = null;
      if (b - a < 4) { state.sel = null; brush.setAttribute("visibility", "hidden"); onBrush && onBrush(null); return; }
      state.sel = [Math.max(lo, toDay(a)), Math.min(hi, toDay(b))];
      onBrush && onBrush({ since: dayToIso(state.sel[0]), until: dayToIso(state.sel[1]) });
    });
    el.appendChild(svg);
  }
  let t = null;
  window.addEventListener("resize", () => { clearTimeout(t); t = setTimeout(render, 150); });
  return {
    setData(points, truces) { state.points = points; state.truces = truces || []; render(); },
    clearBrush() { state.sel = null; render(); },
    setBrush(r) { state.sel = r ? [isoToDay(r.since), isoToDay(r.until)] : null; render(); },
  };
}
