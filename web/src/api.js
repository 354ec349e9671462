// fetch wrapper: JSON in and out, the token (if the user gave one) as a bearer header, errors as Error(message).
const KEY = "sitrep-token";
export const getToken = () => sessionStorage.getItem(KEY) || "";
window.__sitrepAuth = () => (getToken() ? { Authorization: "Bearer " + getToken() } : {});
export const setToken = (t) => (t ? sessionStorage.setItem(KEY, t) : sessionStorage.removeItem(KEY));

// The response boot.js started early for this URL, if any: each is used once, and only while the token is the one
// it was asked with. It resolves to null when that request failed (the caller then asks again).
export function takePrefetched(path, token = getToken()) {
  const pre = window.__sitrepPrefetch;
  if (!pre || !(path in pre)) return null;
  const res = pre[path];
  delete pre[path];
  return token === window.__sitrepPrefetchToken ? res : null;
}

export async function api(path, { method = "GET", body, params } = {}) {
  const url = new URL(path, location.origin);
  if (params) {
    for (const [k, v] of Object.entries(params)) {
      if (v === null || v === undefined || v === "") continue;
      if (Array.isArray(v)) { if (v.length) url.searchParams.set(k, v.join(",")); } else url.searchParams.set(k, v);
    }
  }
  const headers = { Accept: "application/json" };
  const token = getToken();
  if (token) headers.Authorization = "Bearer " + token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = (method === "GET" && await takePrefetched(url.pathname + url.search, token))
    || await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  let data = null;
  try { data = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) {
    const err = new Error((data && data.error) || `${res.status} ${res.statusText}`);
    err.status = res.status;
    throw err;
  }
  return data;
}
