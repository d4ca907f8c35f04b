// The details panel: an edge's evidence (GET /relations, titles from GET /articles/{id}) and an actor's
// card (GET /actors/{key}).

import { cached, get } from "./api.js";
import { el, fill, safeUrl, say } from "./dom.js";
import { TYPE_COLOURS } from "./graph.js";
import { SYMMETRIC } from "./state.js";

const body = () => document.getElementById("card-body");

function loading(text) {
  const status = el("p", { class: "status", role: "status" });
  say(status, text, "loading");
  body().replaceChildren(status);
  return status;
}

function failed(err) {
  const status = el("p", { class: "status", role: "alert" });
  say(status, err.message, "error");
  body().replaceChildren(status);
}

// Evidence of one edge in the current window and confidence filter.
export async function showEdge(edge, filters, names) {
  const arrow = SYMMETRIC.has(edge.type) ? "—" : "→";
  const heading = `${names(edge.source)} ${arrow} ${edge.type} ${arrow} ${names(edge.target)}`;
  const status = loading(`Loading the evidence of ${heading}…`);
  let page;
  try {
    page = await get("/relations", { source: edge.source, target: edge.target, type: edge.type, since: filters.since,
      until: filters.until, min_confidence: filters.conf !== "0" ? filters.conf : "", limit: 1 },
    { onSlow: (s) => say(status, `Still loading the evidence (${s} s)…`, "loading") });
  } catch (err) {
    return failed(err);
  }
  const rel = page.items[0];
  if (!rel) {
    body().replaceChildren(el("h3", {}, heading), el("p", { class: "status", "data-kind": "warn" },
      "No evidence of this relation in the current window and confidence filter."));
    return;
  }
  const titles = new Map();
  await Promise.all([...new Set(rel.evidence.map((e) => e.article_id))].map(async (id) => {
    try { titles.set(id, (await cached(`/articles/${encodeURIComponent(id)}`)).title); } catch { titles.set(id, null); }
  }));
  const items = rel.evidence.map((e) => {
    const title = titles.get(e.article_id) || e.article_id;
    const url = safeUrl(e.url);
    return el("li", { class: "evidence" },
      el("blockquote", {}, e.sentence),
      el("div", { class: "source" }, url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, title)
        : el("span", {}, title)),
      el("div", { class: "meta" }, `${e.published || "undated"} · confidence ${e.confidence.toFixed(2)} · extractor `
        + `${e.extractor || "not recorded"}${e.provenance && e.provenance !== "text" ? ` (${e.provenance})` : ""}`));
  });
  const more = rel.count > rel.evidence.length
    ? el("p", { class: "hint" }, `Showing ${rel.evidence.length} of ${rel.count} reports (newest first).`) : null;
  fill(body(),
    el("h3", {}, el("span", { class: "swatch", style: `background:${TYPE_COLOURS[edge.type] || "#adb5bd"}` }), heading),
    el("p", { class: "meta" }, `${rel.count} report${rel.count === 1 ? "" : "s"}, ${rel.first_seen || "?"} – `
      + `${rel.last_seen || "?"}, confidence ${rel.confidence.toFixed(2)}`),
    el("ol", { class: "evidence-list" }, items), more);
}

// An actor's card: kind, aliases, state, counts by type, and an "expand" button.
export async function showActor(key, { onExpand, onTension }) {
  const status = loading(`Loading ${key}…`);
  let actor;
  try {
    actor = await get(`/actors/${encodeURIComponent(key)}`, {},
      { onSlow: (s) => say(status, `Still loading ${key} (${s} s)…`, "loading") });
  } catch (err) {
    return failed(err);
  }
  const counts = (obj, label) => {
    const rows = Object.entries(obj).sort((a, b) => b[1] - a[1]);
    if (!rows.length) return null;
    return el("div", {}, el("h4", {}, label), el("ul", { class: "counts" },
      rows.map(([type, n]) => el("li", {}, el("span", { class: "swatch", style: `background:${TYPE_COLOURS[type]}` }),
        `${type} ${n}`))));
  };
  const facts = [["kind", actor.kind], ["key", actor.key], ["state", actor.state], ["organisation", actor.organization],
    ["country", actor.country], ["aliases", actor.aliases.length ? actor.aliases.join(", ") : null]]
    .filter(([, v]) => v);
  fill(body(),
    el("h3", {}, actor.name),
    el("dl", { class: "facts" }, facts.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
    counts(actor.relations_out, "relations from it (by type)"),
    counts(actor.relations_in, "relations to it (by type)"),
    el("div", { class: "row" },
      el("button", { type: "button", id: "expand", onclick: () => onExpand(actor) }, "expand"),
      el("button", { type: "button", onclick: () => onTension(actor) }, "tension with the centre")));
}

export function clear() {
  body().replaceChildren(el("p", { class: "hint" }, "Click an edge to read its evidence, a node to see its card."));
}
