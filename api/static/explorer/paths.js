// The path finder: GET /paths between two actors (k paths, typed filters, optionally following directions),
// listed by name and drawn on the graph.

import { get } from "./api.js";
import { el, say } from "./dom.js";
import { SYMMETRIC } from "./state.js";

// names: key -> Promise of {key, name, kind, state} (cached actor look-ups)
export async function findPaths(query, names, onShow) {
  const status = document.getElementById("path-status");
  const list = document.getElementById("path-list");
  list.replaceChildren();
  say(status, `Looking for paths from ${query.from} to ${query.to}…`, "loading");
  let page;
  try {
    page = await get("/paths", { from: query.from, to: query.to, k: query.k, max_hops: query.hops,
      types: query.types, directed: query.directed ? "true" : "" },
    { onSlow: (s) => say(status, `Still looking for paths (${s} s)…`, "loading") });
  } catch (err) {
    say(status, err.message, "error");
    return [];
  }
  if (!page.items.length) {
    say(status, `No path from ${query.from} to ${query.to} within ${query.hops} hops with these types.`, "warn");
    return [];
  }
  const keys = new Set(page.items.flatMap((p) => p.actors));
  const actors = new Map(await Promise.all([...keys].map(async (k) => [k, await names(k)])));
  say(status, `${page.items.length} path${page.items.length === 1 ? "" : "s"} found; the first is drawn.`);
  list.replaceChildren(...page.items.map((path, i) => {
    const steps = [actors.get(path.actors[0]).name];
    path.edges.forEach((e, j) => {
      const arrow = SYMMETRIC.has(e.type) ? "—" : e.direction === "forward" ? "→" : "←";
      steps.push(` ${arrow}${e.type}${arrow} `, actors.get(path.actors[j + 1]).name);
    });
    return el("li", {}, el("button", { type: "button", class: "link path", "data-actors": path.actors.join(","),
      onclick: () => onShow(path, actors) }, steps.join("")), " ", el("span", { class: "meta" }, `${path.hops} hops`));
  }));
  onShow(page.items[0], actors);
  return page.items;
}
