// The view's state, kept in the URL's query string so that a view can be sent to a colleague.

export const RELATION_TYPES = [
  "ACCUSES", "DENIES", "ARMS", "ALLIED_WITH", "THREATENS", "ATTACKS", "SUPPORTS", "OPPOSES", "OCCUPIES",
  "SANCTIONS", "COOPERATES_WITH", "SERVES", "PART_OF", "MEMBER_OF",
];
export const SYMMETRIC = new Set(["ALLIED_WITH", "COOPERATES_WITH"]);

const DEFAULTS = {
  actor: "", depth: "1", types: "", since: "", until: "", conf: "0", max: "150",
  from: "", to: "", k: "3", hops: "4", ptypes: "", directed: "",
  a: "", b: "", bucket: "month", edge: "",
};

export function readState(search = window.location.search) {
  const params = new URLSearchParams(search);
  const state = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS)) {
    if (params.has(key)) state[key] = params.get(key);
  }
  return state;
}

// Write the state to the URL: push a history entry when the actor changes, replace it otherwise.
export function writeState(state, { push = false } = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state)) {
    if (value !== DEFAULTS[key] && value !== undefined && value !== null) params.set(key, value);
  }
  const query = params.toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  if (push) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

export const listOf = (text) => (text ? text.split(",").filter(Boolean) : []);

// ISO day <-> day number (days since 1970-01-01, UTC), for the range sliders.
export const dayNumber = (iso) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86400000);
export const isoDay = (n) => new Date(n * 86400000).toISOString().slice(0, 10);
