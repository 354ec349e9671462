// A self-contained API reference rendered from /openapi.json (FastAPI's own pages need a CDN).
import { h, clear } from "./dom.js";

const root = document.getElementById("docs");
const typeOf = (s) => (!s ? "" : s.type === "array" ? `${typeOf(s.items)}[]` : s.anyOf ? s.anyOf.map(typeOf).filter((t) => t !== "null").join(" | ") : s.$ref ? s.$ref.split("/").pop() : s.type || "");

function tryIt(path, op) {
  const inputs = {};
  const out = h("pre", { class: "small try-out" });
  const params = (op.parameters || []);
  return h("details", { class: "try" }, h("summary", null, "Try it"),
    params.map((p) => h("label", null, `${p.name} (${p.in})`, inputs[p.name] = h("input", { name: p.name, placeholder: typeOf(p.schema) }))),
    h("button", { type: "button", onclick: async () => {
      let url = path.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(inputs[k]?.value || ""));
      const q = new URLSearchParams();
      for (const p of params) if (p.in === "query" && inputs[p.name].value) q.set(p.name, inputs[p.name].value);
      if ([...q].length) url += "?" + q;
      const r = await fetch(url);
      const t = await r.text();
      let body = t; try { body = JSON.stringify(JSON.parse(t), null, 2); } catch { /* not JSON */ }
      out.textContent = `GET ${url} → ${r.status}\n\n${body.slice(0, 20000)}`;
    } }, "Send"), out);
}

fetch("/openapi.json").then((r) => r.json()).then((spec) => {
  clear(root).append(h("h1", null, spec.info.title, " ", h("span", { class: "muted" }, spec.info.version)), h("p", null, spec.info.description),
    h("p", { class: "muted" }, "Machine-readable schema: ", h("a", { href: "/openapi.json" }, "/openapi.json")));
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const body = op.requestBody?.content?.["application/json"]?.schema;
      const bodyName = body?.$ref?.split("/").pop();
      const bodySchema = bodyName ? spec.components.schemas[bodyName] : null;
      root.appendChild(h("section", { class: "panel op" },
        h("h2", null, h("span", { class: `method m-${method}` }, method.toUpperCase()), " ", h("code", null, path)),
        h("p", null, op.summary || ""), op.description && op.description !== op.summary ? h("p", { class: "muted small" }, op.description) : null,
        (op.parameters || []).length ? h("table", { class: "params" }, h("thead", null, h("tr", null, ["Parameter", "In", "Type", "Description"].map((x) => h("th", null, x)))),
          h("tbody", null, op.parameters.map((p) => h("tr", null, h("td", null, h("code", null, p.name)), h("td", null, p.in), h("td", null, typeOf(p.schema)), h("td", null, p.description || p.schema?.description || ""))))) : null,
        bodySchema ? h("div", null, h("h3", null, `Body: ${bodyName}`), h("table", { class: "params" }, h("tbody", null, Object.entries(bodySchema.properties || {}).map(([k, s]) =>
          h("tr", null, h("td", null, h("code", null, k)), h("td", null, typeOf(s)), h("td", null, s.description || "")))))) : null,
        h("p", { class: "small muted" }, "Responses: ", Object.entries(op.responses || {}).map(([c, r]) => `${c} ${r.description}`).join(" · ")),
        method === "get" ? tryIt(path, op) : null));
    }
  }
}).catch((e) => { clear(root).appendChild(h("p", { class: "error" }, "Cannot load /openapi.json: " + e.message)); });
