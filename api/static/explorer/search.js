// An actor input with suggestions from the fuzzy search (GET /actors?q=), as you type; arrow keys, Enter
// and Escape work as in any combo box.

import { get } from "./api.js";
import { debounce, el } from "./dom.js";

export class ActorField {
  // onPick(actor) when one is chosen; onNone(text) when the search found nothing; onError(err).
  constructor(input, list, { onPick = () => {}, onNone = () => {}, onError = () => {}, limit = 8 } = {}) {
    this.input = input;
    this.list = list;
    this.items = [];
    this.active = -1;
    this.picked = null;  // {key, name} of the chosen actor while the text still shows its name
    this.serial = 0;
    Object.assign(this, { onPick, onNone, onError, limit });
    const run = debounce(() => this.suggest(), 150);
    input.addEventListener("input", () => { this.picked = null; run(); });
    input.addEventListener("keydown", (e) => this.key(e));
    input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
  }

  // The actor key this field stands for: the chosen actor's, else the text as typed (a key such as TUR).
  value() {
    const text = this.input.value.trim();
    return this.picked && this.picked.name === text ? this.picked.key : text;
  }

  set(key, name) {
    this.picked = key ? { key, name: name || key } : null;
    this.input.value = key ? name || key : "";
  }

  async suggest() {
    const q = this.input.value.trim();
    const serial = ++this.serial;
    if (!q) return this.close();
    let page;
    try {
      page = await get("/actors", { q, limit: this.limit });
    } catch (err) {
      if (serial === this.serial) this.onError(err);
      return;
    }
    if (serial !== this.serial) return;  // a newer keystroke has its own answer coming
    this.items = page.items;
    this.active = -1;
    if (!this.items.length) {
      this.close();
      this.onNone(q);
      return;
    }
    this.list.replaceChildren(...this.items.map((a, i) => el("li", {
      role: "option", id: `${this.list.id || this.input.id}-opt-${i}`, "data-key": a.key,
      onmousedown: (e) => { e.preventDefault(); this.choose(i); },
    }, el("span", { class: "name" }, a.name), " ", el("span", { class: "meta" }, `${a.kind} · ${a.key}`))));
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  }

  key(e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (this.list.hidden || !this.items.length) return;
      e.preventDefault();
      const n = this.items.length;
      this.active = (this.active + (e.key === "ArrowDown" ? 1 : n - 1)) % n;
      [...this.list.children].forEach((li, i) => li.setAttribute("aria-selected", i === this.active ? "true" : "false"));
      this.input.setAttribute("aria-activedescendant", this.list.children[this.active].id);
    } else if (e.key === "Enter" && !this.list.hidden && this.items.length) {
      e.preventDefault();
      this.choose(Math.max(this.active, 0));
    } else if (e.key === "Escape") {
      this.close();
    }
  }

  choose(i) {
    const actor = this.items[i];
    this.set(actor.key, actor.name);
    this.close();
    this.onPick(actor);
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }
}
