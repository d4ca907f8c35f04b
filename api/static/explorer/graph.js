// The graph drawing (Cytoscape.js): node shape and colour by kind, edge colour by relation type, arrows
// for directed types only, width by the number of reports. Large neighbourhoods are capped: the actors
// most reported with the centre come first, and "expand more" shows the next ones.

import { SYMMETRIC } from "./state.js";

export const TYPE_COLOURS = {
  ACCUSES: "#e8590c", DENIES: "#868e96", ARMS: "#7048e8", ALLIED_WITH: "#2b8a3e", THREATENS: "#f59f00",
  ATTACKS: "#c92a2a", SUPPORTS: "#69db7c", OPPOSES: "#d6336c", OCCUPIES: "#862e9c", SANCTIONS: "#a61e4d",
  COOPERATES_WITH: "#1c7ed6", SERVES: "#adb5bd", PART_OF: "#ced4da", MEMBER_OF: "#74c0fc",
};
export const KINDS = {
  State: { shape: "ellipse", colour: "#364fc7" },
  Officer: { shape: "round-triangle", colour: "#0b7285" },
  Ministry: { shape: "round-rectangle", colour: "#5f3dc4" },
  Organization: { shape: "hexagon", colour: "#495057" },
};

const STYLE = [
  { selector: "node", style: {
    label: "data(name)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3, color: "#212529",
    "text-outline-color": "#fff", "text-outline-width": 2, width: 22, height: 22,
    "background-color": "#868e96", "min-zoomed-font-size": 7,
  } },
  ...Object.entries(KINDS).map(([kind, k]) => ({
    selector: `node[kind = "${kind}"]`, style: { shape: k.shape, "background-color": k.colour },
  })),
  { selector: "node.quiet", style: { label: "" } },
  { selector: "node.quiet.near, node.quiet.hover, node.quiet:selected, node.quiet.on-path", style: { label: "data(name)" } },
  { selector: "node.centre", style: { width: 34, height: 34, "border-width": 3, "border-color": "#fab005" } },
  { selector: "edge", style: {
    width: "mapData(count, 1, 10, 1.5, 9)", "curve-style": "bezier", "line-color": "#adb5bd",
    "target-arrow-color": "#adb5bd", "arrow-scale": 0.9, opacity: 0.85,
  } },
  ...Object.entries(TYPE_COLOURS).map(([type, colour]) => ({
    selector: `edge[type = "${type}"]`, style: { "line-color": colour, "target-arrow-color": colour },
  })),
  { selector: "edge[?directed]", style: { "target-arrow-shape": "triangle" } },
  { selector: "edge:selected, edge.on-path", style: {
    label: "data(type)", "font-size": 9, "text-rotation": "autorotate", "text-background-color": "#fff",
    "text-background-opacity": 0.85, "text-background-padding": 2, opacity: 1,
  } },
  { selector: ":selected", style: { "overlay-color": "#fab005", "overlay-opacity": 0.25 } },
  { selector: ".on-path", style: { "border-width": 3, "border-color": "#e03131", "z-index": 10 } },
  { selector: "edge.on-path", style: { "line-style": "solid", "underlay-color": "#e03131", "underlay-opacity": 0.3,
    "underlay-padding": 4 } },
  { selector: ".faded", style: { opacity: 0.15 } },
  { selector: ":selected", style: { opacity: 1 } },
];

export class GraphView {
  constructor(container, { onEdge, onNode, onBackground }) {
    this.cy = window.cytoscape({ container, style: STYLE, minZoom: 0.05, maxZoom: 4,
      textureOnViewport: true, hideEdgesOnViewport: false, pixelRatio: 1 });
    this.nodes = new Map();  // id -> data, every actor loaded
    this.edges = new Map();  // id -> data, every edge loaded
    this.centres = [];       // the searched actor, then each expanded one
    this.pinned = new Set(); // actors always shown (centres, path members)
    this.limit = 150;
    this.cy.on("tap", "edge", (e) => onEdge(e.target.data()));
    this.cy.on("tap", "node", (e) => onNode(e.target.data()));
    this.cy.on("tap", (e) => { if (e.target === this.cy) onBackground(); });
    // labels of a crowded drawing (class "quiet") come back on hover and once zoomed in far enough to read them
    this.cy.on("mouseover", "node.quiet", (e) => e.target.addClass("hover"));
    this.cy.on("mouseout", "node", (e) => e.target.removeClass("hover"));
    this.cy.on("zoom", () => {
      const near = this.cy.zoom() >= 0.9;
      if (near !== this.near) {
        this.near = near;
        this.cy.batch(() => this.cy.nodes().toggleClass("near", near));
      }
    });
  }

  // Replace everything with one neighbourhood (Cytoscape JSON of GET /graph?format=cytoscape).
  reset(centre, elements, limit) {
    this.nodes.clear();
    this.edges.clear();
    this.centres = [centre];
    this.pinned = new Set([centre]);
    this.limit = limit;
    this.add(elements);
  }

  add(elements) {
    for (const n of elements.nodes || []) this.nodes.set(n.data.id, n.data);
    for (const e of elements.edges || []) {
      const d = e.data;
      this.edges.set(d.id, { ...d, type: d.type || d.key, directed: !SYMMETRIC.has(d.type || d.key) });
    }
  }

  // Actors in the order they are shown: pinned ones, then by reports shared with a centre, then the rest.
  ranked() {
    const strength = new Map();
    const centres = new Set(this.centres);
    for (const e of this.edges.values()) {
      for (const [end, other] of [[e.source, e.target], [e.target, e.source]]) {
        const near = centres.has(other) ? 1000 : 1;
        strength.set(end, (strength.get(end) || 0) + near * (e.count || 1));
      }
    }
    return [...this.nodes.keys()].sort((x, y) => {
      const px = this.pinned.has(x) ? 1 : 0;
      const py = this.pinned.has(y) ? 1 : 0;
      return (py - px) || ((strength.get(y) || 0) - (strength.get(x) || 0)) || x.localeCompare(y);
    });
  }

  // Draw the first `limit` actors of ranked() and the edges among them; returns {shown, total}.
  render() {
    const started = performance.now();
    const order = this.ranked();
    const shown = new Set(order.slice(0, Math.max(this.limit, this.pinned.size)));
    const elements = [];
    const quiet = shown.size > 150 ? "quiet" : "";  // hundreds of labels: unreadable, and slow to measure
    for (const id of shown) {
      const classes = this.centres.includes(id) ? "centre" : quiet;
      elements.push({ group: "nodes", data: this.nodes.get(id), classes });
    }
    for (const e of this.edges.values()) {
      if (shown.has(e.source) && shown.has(e.target)) elements.push({ group: "edges", data: e });
    }
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(elements);
    });
    this.layout();
    this.lastRenderMs = performance.now() - started;  // drawing and layout (bench/explorer.py reads it)
    return { shown: shown.size, total: this.nodes.size };
  }

  layout() {
    const n = this.cy.nodes().length;
    const centre = this.centres[0];
    const options = n <= 60
      ? { name: "cose", animate: false, nodeRepulsion: () => 400000, idealEdgeLength: () => 80, nodeOverlap: 20,
        numIter: 1000, randomize: true }
      : { name: "concentric", animate: false, minNodeSpacing: 8, startAngle: 0,
        concentric: (node) => (node.id() === centre ? 1e9 : node.degree(false)), levelWidth: () => 4 };
    // placing without fitting, then one fit: the layout's own fit costs ten times more on hundreds of nodes
    this.cy.layout({ ...options, fit: true, padding: 40 }).run();
    if (this.cy.zoom() > 1.4) {  // a handful of actors: keep them at a readable size, centred
      this.cy.zoom(1.4);
      this.cy.center();
    }
  }

  more(step) {
    this.limit += step;
    return this.render();
  }

  // Show a path (from GET /paths): its actors and edges are added when missing, highlighted, the rest faded.
  showPath(path, actors) {
    let added = false;
    for (const key of path.actors) {
      if (!this.nodes.has(key)) {
        const a = actors.get(key) || { key, name: key, kind: "State" };
        this.nodes.set(key, { id: key, name: a.name, kind: a.kind, state: a.state });
        added = true;
      }
      this.pinned.add(key);
    }
    const ids = path.edges.map((e) => `${e.source}|${e.type}|${e.target}`);
    path.edges.forEach((e, i) => {
      if (!this.edges.has(ids[i])) {
        this.edges.set(ids[i], { id: ids[i], source: e.source, target: e.target, type: e.type, key: e.type,
          count: 1, confidence: e.confidence, directed: !SYMMETRIC.has(e.type) });
        added = true;
      }
    });
    if (added || path.actors.some((k) => this.cy.getElementById(k).empty())) this.render();
    this.highlight(new Set([...path.actors, ...ids]));
  }

  highlight(ids) {
    this.cy.batch(() => {
      this.cy.elements().removeClass("on-path faded");
      if (!ids) return;
      this.cy.elements().forEach((el) => { el.addClass(ids.has(el.id()) ? "on-path" : "faded"); });
    });
  }

  // Highlight every edge between two actors (opening a dyad from the tension list).
  highlightDyad(a, b) {
    const ids = new Set([a, b]);
    this.cy.edges().forEach((e) => {
      const s = e.data("source"), t = e.data("target");
      if ((s === a && t === b) || (s === b && t === a)) ids.add(e.id());
    });
    this.highlight(ids);
  }
}
