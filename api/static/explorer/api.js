// Calls to tensiongraph's public REST API, with honest states: every failure becomes an ApiError whose
// message a person can read (unknown actor, store unavailable, bad value, timeout), and slow answers are
// reported while they are awaited.

export const SLOW_MS = 1500;      // after this, the caller is told the answer is slow
export const TIMEOUT_MS = 60000;  // after this, the request is given up

export class ApiError extends Error {
  constructor(status, message, path) {
    super(message);
    this.status = status;  // HTTP status, 0 for network failure, -1 for timeout
    this.path = path;
  }
}

function detailText(body) {
  if (!body || body.detail === undefined) return "";
  if (typeof body.detail === "string") return body.detail;
  // FastAPI validation errors: a list of {loc, msg}
  return body.detail.map((d) => `${(d.loc || []).slice(1).join(".")}: ${d.msg}`).join("; ");
}

function explain(status, detail, path) {
  if (status === 503) return `The graph store is unavailable (503): ${detail || "no reason given"}. Try again shortly.`;
  if (status === 404) return detail ? detail.charAt(0).toUpperCase() + detail.slice(1) : `Not found: ${path}`;
  if (status === 401) return `This server needs an API key for reads: enter it above (${detail}).`;
  if (status === 403) return `The server refused the request (403): ${detail}`;
  if (status === 422 || status === 400) return `The server refused the request (${status}): ${detail}`;
  return `The server answered ${status}${detail ? `: ${detail}` : ""}`;
}

// A server started with TENSIONGRAPH_READ_KEY_REQUIRED wants X-API-Key on reads too: the key a person types
// is kept for this tab only (sessionStorage) and sent with every request; a 401 asks for it ("tg-needs-key").
const KEY = "tensiongraph.apiKey";
export function apiKey() {
  try { return window.sessionStorage.getItem(KEY) || ""; } catch { return ""; }
}
export function setApiKey(key) {
  window.sessionStorage.setItem(KEY, key);
}

// GET path (with a query object) as JSON. onSlow(seconds) is called once a second after SLOW_MS.
export async function get(path, query = {}, { onSlow, signal } = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "") continue;
    for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
  }
  const url = params.toString() ? `${path}?${params}` : path;
  const controller = new AbortController();
  if (signal) signal.addEventListener("abort", () => controller.abort());
  const started = performance.now();
  let slowTimer = null;
  if (onSlow) {
    slowTimer = setTimeout(function tick() {
      onSlow(Math.round((performance.now() - started) / 1000));
      slowTimer = setTimeout(tick, 1000);
    }, SLOW_MS);
  }
  const timeout = setTimeout(() => controller.abort("timeout"), TIMEOUT_MS);
  try {
    let response;
    try {
      const headers = { Accept: "application/json", ...(apiKey() ? { "X-API-Key": apiKey() } : {}) };
      response = await fetch(url, { signal: controller.signal, headers });
    } catch (err) {
      if (controller.signal.reason === "timeout") {
        throw new ApiError(-1, `The server did not answer within ${TIMEOUT_MS / 1000} s (${path}).`, path);
      }
      if (signal && signal.aborted) throw err;
      throw new ApiError(0, `The server cannot be reached (${path}); is tensiongraph serve still running?`, path);
    }
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    if (response.status === 401) window.dispatchEvent(new CustomEvent("tg-needs-key"));
    if (!response.ok) throw new ApiError(response.status, explain(response.status, detailText(body), path), path);
    return body;
  } finally {
    clearTimeout(timeout);
    if (slowTimer) clearTimeout(slowTimer);
  }
}

// Answers kept for a while (actor cards, article titles, a neighbourhood while its filters change), so that
// moving a slider does not ask for the same thing twice. maxAge in ms; options go to get() on a miss.
const cache = new Map();
export function cached(path, query = {}, { maxAge = 60000, ...options } = {}) {
  const key = `${path}?${JSON.stringify(query)}`;
  const hit = cache.get(key);
  if (hit && performance.now() - hit.at < maxAge) return hit.promise;
  const promise = get(path, query, options).catch((err) => { cache.delete(key); throw err; });
  cache.set(key, { promise, at: performance.now() });
  return promise;
}
