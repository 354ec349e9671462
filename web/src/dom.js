// Tiny DOM helpers. Every string from the API goes in as a text node (never as HTML), so article text,
// group names and outlet names cannot inject markup or scripts.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") el.className = v;
      else if (k === "style") el.style.cssText = v;
      else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
      else if (k === "dataset") Object.assign(el.dataset, v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  append(el, children);
  return el;
}
export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
export function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }
export const fmt = (v) => (v === null || v === undefined || v === "" ? "–" : String(v));
// Only http(s) links are made clickable.
export function safeUrl(u) {
  try { const x = new URL(u); return x.protocol === "http:" || x.protocol === "https:" ? x.href : null; } catch { return null; }
}
export const TYPE_COLORS = { rocket: "#d62728", drone: "#7b4fc9", ied: "#ff7f0e", mortar: "#8c564b", small_arms: "#1f77b4", unknown: "#7f7f7f" };
export const TYPES = Object.keys(TYPE_COLORS);
