import L from "./leaflet-global.js";
import Supercluster from "supercluster";
import { h, TYPE_COLORS, fmt } from "./dom.js";
import { takePrefetched } from "./api.js";

let basemapPromise = null;
const loadBasemap = () => (basemapPromise ||= Promise.resolve(takePrefetched("/static/basemap.json")).then((r) => r || fetch("/static/basemap.json"))
  .then((r) => r.json()));

// An offline map: no tile server, just country and governorate outlines drawn as vectors.
export function createMap(el, { onSelect } = {}) {
  const map = L.map(el, { zoomSnap: 0.25, minZoom: 4, maxZoom: 12, preferCanvas: false, attributionControl: true, worldCopyJump: false })
    .setView([33.5, 41.5], 5.5);
  map.attributionControl.setPrefix(false);
  const canvas = L.canvas({ padding: 0.2 });
  const ready = loadBasemap().then((gj) => {
    map.attributionControl.addAttribution("Outlines: Natural Earth; governorates: amCharts");
    const countries = { type: "FeatureCollection", features: gj.features.filter((f) => f.properties.level === 0) };
    const gov = { type: "FeatureCollection", features: gj.features.filter((f) => f.properties.level === 1) };
    L.geoJSON(countries, { renderer: canvas, interactive: false,
      style: (f) => ({ color: "#6b7280", weight: 1.2, fillColor: ["Iraq", "Syria"].includes(f.properties.name) ? "#fbfaf5" : "#eceae3", fillOpacity: 1 }) }).addTo(map);
    L.geoJSON(gov, { renderer: canvas, interactive: false, style: () => ({ color: "#a3a3a3", weight: 0.7, dashArray: "3 3", fill: false }) }).addTo(map);
    const labels = L.layerGroup().addTo(map);
    for (const f of countries.features) {
      if (!["Iraq", "Syria", "Jordan", "Kuwait", "Saudi Arabia", "Iran", "Turkey", "Lebanon"].includes(f.properties.name)) continue;
      const c = L.geoJSON(f).getBounds().getCenter();
      const at = { Iran: [33.5, 50.5], "Saudi Arabia": [27.5, 42.5], Turkey: [38.3, 38.5], Iraq: [32.6, 43.0], Syria: [35.2, 38.3] }[f.properties.name] || [c.lat, c.lng];
      labels.addLayer(L.marker(at, { interactive: false, keyboard: false,
        icon: L.divIcon({ className: "country-label", html: "", iconSize: null }) }).on("add", (e) => { e.target.getElement().textContent = f.properties.name; }));
    }
  });
  map.getContainer().style.background = "#cfe3ee";

  // Clusters come from supercluster (a k-d tree over every point, built in a few tens of ms for 10,000) and only
  // the clusters and points in view are drawn, redrawn after each pan or zoom; leaflet.markercluster needed
  // 0.2-0.6 s of clustering before the first cluster showed.
  const layer = L.featureGroup().addTo(map);
  let index = null;
  const clusterIcon = (n) => {
    const size = n < 10 ? 28 : n < 100 ? 34 : n < 1000 ? 40 : 48;
    return L.divIcon({ html: `<span>${Number(n)}</span>`, className: "cluster", iconSize: [size, size] });
  };
  function draw() {
    layer.clearLayers();
    if (!index) return;
    const b = map.getBounds().pad(0.2);
    const zoom = Math.floor(map.getZoom());
    for (const f of index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom)) {
      const [lon, lat] = f.geometry.coordinates;
      if (f.properties.cluster) {
        const m = L.marker([lat, lon], { icon: clusterIcon(f.properties.point_count), keyboard: false });
        m.sitrepCluster = f.properties.cluster_id;
        layer.addLayer(m);
        continue;
      }
      const p = f.properties.p;
      const cas = (p.killed || 0) + (p.injured || 0);
      const m = L.circleMarker([lat, lon], { radius: 5 + Math.min(14, 2.2 * Math.sqrt(cas)), color: "#222", weight: 0.8,
        fillColor: TYPE_COLORS[p.type] || "#777", fillOpacity: 0.85 });
      m.sitrep = p; // tooltip and click are handled once on the layer
      layer.addLayer(m);
    }
  }
  map.on("moveend", draw);
  const dayIso = (d) => (d === null ? "undated" : new Date(d * 86400000).toISOString().slice(0, 10));
  function openCluster(m) {
    const id = m.sitrepCluster;
    const zoom = index.getClusterExpansionZoom(id);
    if (zoom <= map.getMaxZoom()) { map.setView(m.getLatLng(), zoom); return; }
    // still one cluster at the closest zoom (incidents at the same place): list them instead
    const leaves = index.getLeaves(id, 50).map((f) => f.properties.p).sort((a, b) => (b.day ?? -1e9) - (a.day ?? -1e9));
    const n = index.getChildren(id).reduce((a, c) => a + (c.properties.point_count || 1), 0);
    const list = h("div", { class: "cluster-list" }, h("b", null, `${n} incidents here`),
      h("ul", null, leaves.map((p) => h("li", null, h("a", { href: `#/incident/${p.id}` },
        `${dayIso(p.day)} · ${String(p.type).replace("_", " ")} on ${p.target}`)))),
      n > leaves.length ? h("div", { class: "muted" }, `and ${n - leaves.length} more: zoom the timeline or filter`) : null);
    L.popup({ maxHeight: 260 }).setLatLng(m.getLatLng()).setContent(list).openOn(map);
  }
  layer.on("mouseover", (e) => {
    const m = e.layer, p = m.sitrep;
    if (!p) return;
    if (m.getTooltip()) { m.openTooltip(); return; }
    const tip = h("div", null, h("b", null, `${dayIso(p.day)} · ${String(p.type).replace("_", " ")} on ${p.target}`), h("br"),
      h("span", { class: "tip-where" }, "…"), h("br"), `killed ${fmt(p.killed)}, injured ${fmt(p.injured)} · click for the evidence`);
    m.bindTooltip(tip).openTooltip();
    fetch(`/api/incidents/${p.id}`, { headers: window.__sitrepAuth ? window.__sitrepAuth() : {} }).then((r) => r.json()).then((d) => {
      const i = d.incident || {};
      tip.querySelector(".tip-where").textContent = `${fmt(i.place)}, ${fmt(i.admin1)} · ${fmt(i.actor_name || i.claimed_by)}`;
      m.getTooltip() && m.getTooltip().update();
    }).catch(() => {});
  });
  layer.on("click", (e) => {
    if (e.layer.sitrepCluster !== undefined) openCluster(e.layer);
    else if (e.layer.sitrep && onSelect) onSelect(e.layer.sitrep.id);
  });
  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => h("div", { class: "legend" }, Object.entries(TYPE_COLORS).map(([t, c]) =>
    h("div", null, h("i", { style: `background:${c}` }), t.replace("_", " "))), h("div", { class: "muted" }, "size: killed + injured"));
  legend.addTo(map);

  function setPoints(points) {
    const features = [];
    for (const p of points) {
      if (p.lat === null || p.lon === null) continue;
      features.push({ type: "Feature", properties: { p }, geometry: { type: "Point", coordinates: [p.lon, p.lat] } });
    }
    index = new Supercluster({ radius: 45, minZoom: Math.floor(map.getMinZoom()), maxZoom: map.getMaxZoom() }).load(features);
    draw();
    return features.length;
  }
  return { map, setPoints, ready };
}
