// The explorer page: wires the search, filters, graph, details, path finder and tension panel together.
// Everything it shows comes from tensiongraph's public REST API; the view's state lives in the URL.

import { cached, get, setApiKey } from "./api.js";
import * as details from "./details.js";
import { $, el, say } from "./dom.js";
import { GraphView, KINDS, TYPE_COLOURS } from "./graph.js";
import { findPaths } from "./paths.js";
import { ActorField } from "./search.js";
import { dayNumber, isoDay, listOf, RELATION_TYPES, readState, writeState } from "./state.js";
import { currentChart, showDyad, showTop } from "./tension.js";

let state = readState();
const STEP = 150;  // actors added by "expand more"
const view = new GraphView($("#cy"), { onEdge, onNode, onBackground: () => view.highlight(null) });
window.explorer = { view, cy: view.cy, get state() { return state; }, get chart() { return currentChart(); } };

// ---- names of actors (cached look-ups) ----
async function actor(key) {
  try {
    return await cached(`/actors/${encodeURIComponent(key)}`);
  } catch {
    return { key, name: key, kind: "State" };
  }
}
const nameOf = (key) => (view.nodes.get(key) || {}).name || key;
const nameLater = async (key) => (view.nodes.get(key) || (await actor(key))).name || key;

// ---- filters ----
function buildFilters() {
  const chosen = new Set(listOf(state.types));
  $("#types").append(...RELATION_TYPES.map((t) => el("label", { class: "check" },
    el("input", { type: "checkbox", value: t, checked: !chosen.size || chosen.has(t) }),
    el("span", { class: "swatch", style: `background:${TYPE_COLOURS[t]}` }), t)));
  $("#path-types").append(...RELATION_TYPES.map((t) => el("option", { value: t }, t)));
  $("#legend").append(
    ...Object.entries(KINDS).map(([kind, k]) => el("span", { class: `kind ${k.shape}`, style: `--c:${k.colour}` }, kind)),
    el("span", {}, "→ directed type · — symmetric (ALLIED_WITH, COOPERATES_WITH) · width: number of reports"));
  $("#types").addEventListener("change", () => { state.types = checkedTypes(); reload(); });
  $("#types-all").addEventListener("click", () => setTypes(true));
  $("#types-none").addEventListener("click", () => setTypes(false));
  $("#confidence").addEventListener("input", () => { $("#confidence-out").value = (+$("#confidence").value).toFixed(2); });
  $("#confidence").addEventListener("change", () => { state.conf = $("#confidence").value; reload(); });
  $("#depth").addEventListener("change", () => { state.depth = $("#depth").value; reload(); });
  for (const id of ["since", "until"]) {
    $(`#${id}`).addEventListener("input", () => windowInput(id));
    $(`#${id}`).addEventListener("change", () => windowChange());
  }
  $("#window-reset").addEventListener("click", () => { state.since = ""; state.until = ""; showDomain(); reload(); });
  $("#cap-more").addEventListener("click", () => showCap(view.more(STEP)));
}

function checkedTypes() {
  const boxes = [...document.querySelectorAll("#types input")];
  const on = boxes.filter((b) => b.checked).map((b) => b.value);
  return on.length === boxes.length ? "" : on.length ? on.join(",") : "none";
}

function setTypes(on) {
  document.querySelectorAll("#types input").forEach((b) => { b.checked = on; });
  state.types = on ? "" : "none";
  reload();
}

let domain = null;  // [first, last] day numbers of the evidence around the actor

function showDomain() {
  const since = $("#since"), until = $("#until");
  const [lo, hi] = domain || [0, 0];
  for (const input of [since, until]) { input.min = lo; input.max = hi; input.disabled = !domain; }
  since.value = state.since ? dayNumber(state.since) : lo;
  until.value = state.until ? dayNumber(state.until) : hi;
  $("#since-out").value = domain ? isoDay(+since.value) : "—";
  $("#until-out").value = domain ? isoDay(+until.value) : "—";
}

function windowInput(moved) {
  const since = $("#since"), until = $("#until");
  if (+since.value > +until.value) (moved === "since" ? until : since).value = moved === "since" ? since.value : until.value;
  $("#since-out").value = isoDay(+since.value);
  $("#until-out").value = isoDay(+until.value);
}

function windowChange() {
  const [lo, hi] = domain;
  state.since = +$("#since").value > lo ? isoDay(+$("#since").value) : "";
  state.until = +$("#until").value < hi ? isoDay(+$("#until").value) : "";
  reload();
  showTop(state, openDyad, nameLater);
  if (state.a && state.b) showDyad(state.a, state.b, state, state.bucket);
}

const filterQuery = () => ({
  types: state.types === "none" ? [] : listOf(state.types), since: state.since,
  until: state.until, min_confidence: state.conf !== "0" ? state.conf : "",
});

// ---- the graph ----
let loadSerial = 0;

async function loadGraph() {
  const serial = ++loadSerial;
  writeState(state);
  if (!state.actor) {
    view.cy.elements().remove();
    say("#status", "Search an actor to see its neighbourhood.");
    return;
  }
  if (state.types === "none") {
    view.reset(state.actor, { nodes: [] }, +state.max);
    view.render();
    say("#status", "No relation type is selected: choose at least one in the filters.", "warn");
    return;
  }
  const who = state.actor;
  say("#status", `Loading the neighbourhood of ${who}…`, "loading");
  const onSlow = (s) => say("#status", `Still waiting for the server: the neighbourhood of ${who} (${s} s)…`, "loading");
  let full, shown;
  try {
    const unfiltered = { center: who, depth: state.depth, format: "cytoscape" };
    const filtered = state.types || state.since || state.until || state.conf !== "0";
    // the unfiltered neighbourhood gives the time window's range; without filters it is also what is drawn
    [full, shown] = await Promise.all([
      cached("/graph", unfiltered, { maxAge: 30000, onSlow }),
      filtered ? get("/graph", { ...unfiltered, ...filterQuery() }, { onSlow }) : null,
    ]);
    shown = shown || full;
  } catch (err) {
    if (serial !== loadSerial) return;
    view.cy.elements().remove();
    $("#cap-notice").hidden = true;
    say("#status", err.status === 404 ? `Unknown actor “${who}”: no actor has this key. Search by name instead.`
      : err.message, "error");
    return;
  }
  if (serial !== loadSerial) return;
  const days = full.elements.edges.flatMap((e) => [e.data.first_seen, e.data.last_seen]).filter(Boolean).map(dayNumber);
  domain = days.length ? [Math.min(...days), Math.max(...days)] : null;
  showDomain();
  view.reset(who, shown.elements, +state.max);
  const counts = view.render();
  showCap(counts);
  const name = nameOf(who);
  const edges = view.cy.edges().length;
  if (!shown.elements.edges.length) {
    say("#status", `${name} has no relations ${full.elements.edges.length ? "with these filters in this window" : "yet"}.`,
      "warn");
  } else {
    say("#status", `${name}: ${counts.total - 1} neighbour${counts.total === 2 ? "" : "s"}, ${edges} relation`
      + `${edges === 1 ? "" : "s"} shown. Click an edge for its evidence, a node for its card.`);
  }
  if (state.edge && view.edges.has(state.edge)) onEdge(view.edges.get(state.edge));
}

function showCap({ shown, total }) {
  $("#cap-notice").hidden = shown >= total;
  $("#cap-text").textContent = `Showing ${shown} of ${total} actors (those most reported with the centre first).`;
}

function reload() {
  state.edge = "";
  loadGraph();
}

function onEdge(data) {
  state.edge = data.id;
  writeState(state);
  view.cy.$(":selected").unselect();
  view.cy.getElementById(data.id).select();
  details.showEdge(data, state, nameOf);
}

function onNode(data) {
  details.showActor(data.id, {
    onExpand: expand,
    onTension: (a) => openDyad(state.actor || a.key, a.key, { move: false }),
  });
}

async function expand(a) {
  say("#status", `Expanding ${a.name}…`, "loading");
  try {
    const more = await get("/graph", { center: a.key, depth: 1, format: "cytoscape", ...filterQuery() },
      { onSlow: (s) => say("#status", `Still expanding ${a.name} (${s} s)…`, "loading") });
    const before = view.nodes.size;
    view.add(more.elements);
    if (!view.centres.includes(a.key)) view.centres.push(a.key);
    view.pinned.add(a.key);
    view.limit = Math.max(view.limit, view.cy.nodes().length + Math.min(view.nodes.size - before, STEP));
    const counts = view.render();
    showCap(counts);
    say("#status", `${a.name} expanded: ${view.nodes.size - before} more actor${view.nodes.size - before === 1 ? "" : "s"}.`);
  } catch (err) {
    say("#status", err.message, "error");
  }
}

// ---- paths and tension ----
const fields = {};

function runPaths() {
  fields.from.close();
  fields.to.close();
  state.from = fields.from.value();
  state.to = fields.to.value();
  state.k = $("#path-k").value;
  state.hops = $("#path-hops").value;
  state.ptypes = [...$("#path-types").selectedOptions].map((o) => o.value).join(",");
  state.directed = $("#path-directed").checked ? "1" : "";
  writeState(state);
  return findPaths({ from: state.from, to: state.to, k: state.k, hops: state.hops, types: listOf(state.ptypes),
    directed: !!state.directed }, actor, (path, actors) => {
    if (!view.centres.length) view.reset(path.actors[0], { nodes: [] }, +state.max);
    view.showPath(path, actors);
  });
}

function runDyad() {
  fields.a.close();
  fields.b.close();
  state.a = fields.a.value();
  state.b = fields.b.value();
  state.bucket = $("#bucket").value;
  writeState(state);
  return showDyad(state.a, state.b, state, state.bucket);
}

async function openDyad(a, b, { move = true } = {}) {
  fields.a.set(a, await nameLater(a));
  fields.b.set(b, await nameLater(b));
  await runDyad();
  if (move && state.actor !== a && state.actor !== b) {
    state.actor = a;
    fields.search.set(a, await nameLater(a));
    writeState(state, { push: true });
    await loadGraph();
  }
  view.highlightDyad(a, b);
}

// ---- start ----
function restoreForms() {
  $("#confidence").value = state.conf;
  $("#confidence-out").value = (+state.conf).toFixed(2);
  $("#depth").value = state.depth;
  $("#path-k").value = state.k;
  $("#path-hops").value = state.hops;
  $("#path-directed").checked = !!state.directed;
  const ptypes = new Set(listOf(state.ptypes));
  for (const o of $("#path-types").options) o.selected = ptypes.has(o.value);
  $("#bucket").value = state.bucket;
  const chosen = new Set(listOf(state.types));
  document.querySelectorAll("#types input").forEach((b) => { b.checked = !state.types || chosen.has(b.value); });
}

function restoreNames() {
  const pairs = [["search", state.actor], ["from", state.from], ["to", state.to], ["a", state.a], ["b", state.b]];
  return Promise.all(pairs.map(async ([field, key]) => {
    fields[field].set(key, key);  // the key at once, the name when it is known
    if (key) fields[field].set(key, await nameLater(key));
  }));
}

async function start() {
  buildFilters();
  const fieldIn = (id, options) => new ActorField($(`#${id}`), $(`#${id}`).parentElement.querySelector(".suggestions"),
    options);
  fields.search = fieldIn("search", {
    onPick: (a) => { state.actor = a.key; state.edge = ""; writeState(state, { push: true }); loadGraph(); },
    onNone: (q) => say("#status", `No actor matches “${q}”. Try another spelling, a capital or an ISO code.`, "warn"),
    onError: (err) => say("#status", err.message, "error"),
  });
  for (const id of ["from", "to", "a", "b"]) {
    const status = id === "from" || id === "to" ? "#path-status" : "#tension-status";
    fields[id] = fieldIn(id.length === 1 ? `dyad-${id}` : `path-${id}`, {
      onNone: (q) => say(status, `No actor matches “${q}”.`, "warn"), onError: (err) => say(status, err.message, "error"),
    });
  }
  $("#search-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const q = $("#search").value.trim();
    if (!q) return;
    try {
      const page = await get("/actors", { q, limit: 1 });
      if (page.items.length) { fields.search.items = page.items; fields.search.choose(0); }
      else say("#status", `No actor matches “${q}”. Try another spelling, a capital or an ISO code.`, "warn");
    } catch (err) {
      say("#status", err.message, "error");
    }
  });
  window.addEventListener("tg-needs-key", () => { $("#key-form").hidden = false; });
  $("#key-form").addEventListener("submit", (e) => {
    e.preventDefault();
    setApiKey($("#api-key").value.trim());
    window.location.reload();  // everything asked again, with the key
  });
  $("#path-form").addEventListener("submit", (e) => { e.preventDefault(); runPaths(); });
  $("#dyad-form").addEventListener("submit", (e) => { e.preventDefault(); runDyad(); });
  window.addEventListener("popstate", async () => {
    state = readState();
    restoreForms();
    await restoreNames();
    loadGraph();
  });
  restoreForms();
  restoreNames();
  const loaded = loadGraph();
  get("/health").catch((err) => { if (!state.actor) say("#status", err.message, "error"); });
  await loaded;
  if (state.from && state.to) runPaths();
  if (state.a && state.b) runDyad();
  else showDyad("", "", state, state.bucket);
  showTop(state, openDyad, nameLater);
}

start();
