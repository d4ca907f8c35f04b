// The tension panel: a dyad's series (GET /tension) drawn with uPlot, score per bucket as bars and the
// decayed level as a line, and the tensest dyads of the window (GET /tension/top) as a list that opens them.

import { get } from "./api.js";
import { el, say } from "./dom.js";

let chart = null;

export function currentChart() {
  return chart;
}

const BUCKET_SECONDS = { day: 86400, week: 7 * 86400, month: 31 * 86400, year: 366 * 86400 };

function draw(points, bucket = "month") {
  const box = document.getElementById("chart");
  if (chart) { chart.destroy(); chart = null; }
  box.replaceChildren();
  if (!points.length) return;
  const x = points.map((p) => Date.parse(`${p.start}T00:00:00Z`) / 1000);
  const width = Math.max(240, box.clientWidth || 300);
  chart = new window.uPlot({
    width, height: 180, title: "",
    scales: {
      x: { time: true, range: (u, lo, hi) => [lo - BUCKET_SECONDS[bucket] / 2, hi + BUCKET_SECONDS[bucket]] },
      y: { range: (u, lo, hi) => [Math.min(0, lo) * 1.1, Math.max(0, hi) * 1.1 || 1] },
    },
    legend: { show: true },
    axes: [{ stroke: "#495057" }, { stroke: "#495057", size: 44 }],
    series: [
      {},
      { label: "score (bucket)", stroke: "#c92a2a", fill: "rgba(201,42,42,0.25)", width: 1,
        paths: window.uPlot.paths.bars({ size: [0.6, 40] }), points: { show: false } },
      { label: "level (decayed)", stroke: "#1c7ed6", width: 2, points: { show: true, size: 5 } },
    ],
  }, [x, points.map((p) => p.score), points.map((p) => p.level)], box);
}

export async function showDyad(a, b, window_, bucket) {
  const status = document.getElementById("tension-status");
  const summary = document.getElementById("tension-summary");
  say(summary, "");
  if (!a || !b) {
    draw([]);
    say(status, "Choose two actors, or open a dyad from the list below.", "info");
    return;
  }
  say(status, `Loading the tension of ${a}–${b}…`, "loading");
  let series;
  try {
    series = await get("/tension", { a, b, since: window_.since, until: window_.until, bucket },
      { onSlow: (s) => say(status, `Still loading the tension of ${a}–${b} (${s} s)…`, "loading") });
  } catch (err) {
    draw([]);
    say(status, err.message, "error");
    return;
  }
  draw(series.points, bucket);
  if (!series.points.length) {
    say(status, `No evidence between ${a} and ${b} in this window.`, "warn");
    return;
  }
  say(status, "");
  const leaning = series.score > 0 ? "hostile" : series.score < 0 ? "cooperative" : "neutral";
  say(summary, `${a}–${b}: tension ${series.score.toFixed(2)} (${leaning}) as of ${series.as_of}, from ${series.events} `
    + `report${series.events === 1 ? "" : "s"} in ${series.points.length} ${bucket}${series.points.length === 1 ? "" : "s"}.`);
}

export async function showTop(window_, onOpen, names) {
  const status = document.getElementById("top-status");
  const list = document.getElementById("top-list");
  say(status, "Loading the tensest dyads…", "loading");
  let page;
  try {
    page = await get("/tension/top", { since: window_.since, until: window_.until, limit: 10 },
      { onSlow: (s) => say(status, `Still ranking the dyads (${s} s)…`, "loading") });
  } catch (err) {
    list.replaceChildren();
    say(status, err.message, "error");
    return;
  }
  if (!page.items.length) {
    list.replaceChildren();
    say(status, "No hostile evidence in this window.", "warn");
    return;
  }
  say(status, "");
  const labels = await Promise.all(page.items.map(async (t) => [await names(t.a), await names(t.b)]));
  list.replaceChildren(...page.items.map((t, i) => el("li", {},
    el("button", { type: "button", class: "link", "data-a": t.a, "data-b": t.b, onclick: () => onOpen(t.a, t.b) },
      `${labels[i][0]} – ${labels[i][1]}`), " ", el("span", { class: "meta" }, t.score.toFixed(2)))));
}
