// Builds the dashboard into ../src/sitrep/web/static (committed; the Python package needs no Node).
//   npm ci && npm run build
// - app.js / app.css: the dashboard bundle (esbuild, minified)
// - docs.js: the self-contained API docs page (renders /openapi.json; no CDN)
// - boot.js: starts the dashboard's first requests while app.js loads (see src/boot.js)
// - basemap.json: country outlines (Natural Earth via world-atlas, public domain) for the region, and
//   Iraqi and Syrian governorate outlines (amCharts 5 geodata, linkware licence: attribution shown on the map)
import { build } from "esbuild";
import { readFileSync, writeFileSync, mkdirSync, copyFileSync, rmSync } from "node:fs";
import { feature } from "topojson-client";

const OUT = new URL("../src/sitrep/web/static/", import.meta.url).pathname;
const NM = new URL("./node_modules/", import.meta.url).pathname;
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT + "licenses", { recursive: true });

await build({
  entryPoints: { app: "src/main.js", docs: "src/docs.js", boot: "src/boot.js" },
  bundle: true, minify: true, format: "iife", target: ["es2020"], outdir: OUT,
  loader: { ".png": "file", ".svg": "file" }, assetNames: "img/[name]-[hash]",
  legalComments: "linked", logLevel: "info",
});
await build({
  entryPoints: { app: "src/style.css" }, bundle: true, minify: true, outdir: OUT,
  loader: { ".png": "file", ".svg": "file" }, assetNames: "img/[name]-[hash]", logLevel: "info",
});

// --- base map: only what the region needs, coordinates rounded -------------------------------------------
const BBOX = [28, 20, 60, 42]; // lon/lat: Turkey's south to the Gulf, the Mediterranean to Iran
const r2 = (v) => Math.round(v * 100) / 100; // ~1 km: plenty for outlines at these zooms
const round = (c) => {
  if (typeof c[0][0] === "number") { // a ring: round, drop repeated points
    const out = [];
    for (const p of c) { const q = [r2(p[0]), r2(p[1])]; const l = out[out.length - 1]; if (!l || l[0] !== q[0] || l[1] !== q[1]) out.push(q); }
    return out;
  }
  return c.map(round);
};
function bboxOf(geom) {
  let [x0, y0, x1, y1] = [180, 90, -180, -90];
  const walk = (c) => { if (typeof c[0] === "number") { x0 = Math.min(x0, c[0]); x1 = Math.max(x1, c[0]); y0 = Math.min(y0, c[1]); y1 = Math.max(y1, c[1]); } else c.forEach(walk); };
  walk(geom.coordinates);
  return [x0, y0, x1, y1];
}
const overlaps = (b) => !(b[2] < BBOX[0] || b[0] > BBOX[2] || b[3] < BBOX[1] || b[1] > BBOX[3]);
const world = JSON.parse(readFileSync(NM + "world-atlas/countries-50m.json", "utf8"));
const countries = feature(world, world.objects.countries).features
  .filter((f) => f.geometry && overlaps(bboxOf(f.geometry)))
  .map((f) => ({ type: "Feature", properties: { name: f.properties.name, level: 0 }, geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) } }));
const gov = [];
for (const name of ["iraqLow", "syriaLow"]) {
  const g = JSON.parse(readFileSync(NM + `@amcharts/amcharts5-geodata/json/${name}.json`, "utf8"));
  for (const f of g.features) {
    gov.push({ type: "Feature", properties: { name: f.properties.NAME_ENG || f.properties.name, iso: f.properties.id, level: 1 },
      geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) } });
  }
}
writeFileSync(OUT + "basemap.json", JSON.stringify({ type: "FeatureCollection",
  attribution: "Country outlines: Natural Earth (public domain) via world-atlas. Governorates: amCharts 5 geodata.",
  features: [...countries, ...gov] }));

for (const f of ["index.html", "docs.html"]) copyFileSync("src/" + f, OUT + f);
copyFileSync(NM + "leaflet/LICENSE", OUT + "licenses/leaflet.LICENSE");
copyFileSync(NM + "supercluster/LICENSE", OUT + "licenses/supercluster.LICENSE");
copyFileSync(NM + "kdbush/LICENSE", OUT + "licenses/kdbush.LICENSE");
copyFileSync(NM + "world-atlas/LICENSE", OUT + "licenses/world-atlas.LICENSE");
copyFileSync(NM + "topojson-client/LICENSE", OUT + "licenses/topojson-client.LICENSE");
copyFileSync(NM + "@amcharts/amcharts5-geodata/LICENSE", OUT + "licenses/amcharts5-geodata.LICENSE");
console.log(`basemap: ${countries.length} countries, ${gov.length} governorates`);
