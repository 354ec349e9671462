// Loaded before app.js and tiny: starts the dashboard's first requests at once, so the server works on them while
// the browser is still fetching and parsing app.js (~200 KB). api.js and map.js take these answers when they
// ask for the same URLs; a URL that no one asks for again is simply dropped.
(() => {
  const hash = location.hash || "#/";
  if (hash !== "#/" && hash !== "#") return; // only the dashboard's first view
  const token = sessionStorage.getItem("sitrep-token") || ""; // the same key as api.js
  window.__sitrepPrefetchToken = token;
  const headers = { Accept: "application/json", ...(token ? { Authorization: "Bearer " + token } : {}) };
  const urls = ["/api/incidents?sort=-date&limit=50&offset=0", "/api/facets", "/api/incidents/points", "/api/truces",
    "/static/basemap.json"];
  window.__sitrepPrefetch = Object.fromEntries(urls.map((u) => [u, fetch(u, { headers }).catch(() => null)]));
})();
