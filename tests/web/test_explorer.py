"""The explorer page at / in a real headless Chromium, against `tensiongraph serve` on the ingested examples/.

Each test acts as a person would (types, clicks on the drawing, follows links) and checks what the page shows;
the graph's own state is read through `window.explorer.cy` only to check what the canvas draws."""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT

SCREENSHOT = ROOT / "docs" / "explorer.png"


def edges(page) -> set[tuple[str, str, str]]:
    return {tuple(e) for e in page.evaluate(
        "() => explorer.cy.edges().map(e => [e.data('source'), e.data('type'), e.data('target')])")}


def nodes(page) -> set[str]:
    return set(page.evaluate("() => explorer.cy.nodes().map(n => n.id())"))


def click_on_graph(page, element_id: str) -> None:
    """A real mouse click where the element is drawn (a node's centre, an edge's midpoint)."""
    page.wait_for_function("""(id) => {  // drawn: the renderer has placed it
        const el = explorer.cy.getElementById(id);
        const p = el.nonempty() && (el.isNode() ? el.renderedPosition() : el.renderedMidpoint());
        return p && Number.isFinite(p.x);
    }""", arg=element_id)
    x, y = page.evaluate("""(id) => {
        const el = explorer.cy.getElementById(id);
        const p = el.isNode() ? el.renderedPosition() : el.renderedMidpoint();
        const box = document.getElementById('cy').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""", element_id)
    page.mouse.click(x, y)


def open_actor(page, base: str, query: str = "actor=AZE") -> None:
    page.goto(f"{base}/?{query}")
    page.wait_for_function("() => / shown\\.|has no relations/.test(document.getElementById('status').textContent)")


def test_search_as_you_type_finds_aze_and_draws_its_neighbourhood(served, watched):
    page = watched.page
    page.goto(served)
    assert page.title() == "tensiongraph explorer"
    page.locator("#search").press_sequentially("azerbaij", delay=30)
    page.locator('#search-list li[data-key="AZE"]').click()
    page.wait_for_function("() => document.getElementById('status').textContent.startsWith('Azerbaijan:')")
    assert "actor=AZE" in page.url
    drawn = edges(page)
    assert {("AZE", "ALLIED_WITH", "TUR"), ("AZE", "ACCUSES", "FRA"), ("IRN", "ACCUSES", "AZE"),
            ("ISR", "ARMS", "AZE")} <= drawn
    assert {"TUR", "FRA", "IRN", "ISR"} <= nodes(page)
    style = page.evaluate("""() => {
        const e = (id) => explorer.cy.getElementById(id);
        return {allied: e('AZE|ALLIED_WITH|TUR').style('target-arrow-shape'),
                accuses: e('IRN|ACCUSES|AZE').style('target-arrow-shape'),
                colours: [e('AZE|ALLIED_WITH|TUR').style('line-color'), e('IRN|ACCUSES|AZE').style('line-color')],
                state: e('AZE').style('shape'), officer: e('officer:irn:reza-karimi').style('shape')};
    }""")
    assert style["allied"] == "none" and style["accuses"] == "triangle"  # symmetric type: no arrow
    assert style["colours"][0] != style["colours"][1]
    assert style["state"] == "ellipse" and style["officer"] != "ellipse"


def test_clicking_an_edge_lists_its_evidence(served, watched):
    page = watched.page
    open_actor(page, served)
    click_on_graph(page, "IRN|ACCUSES|AZE")
    card = page.locator("#card-body")
    card.get_by_text("Iran accused Azerbaijan on Monday of hosting Israeli military advisers").wait_for()
    link = card.get_by_role("link", name="Iran accuses Azerbaijan of hosting Israeli advisers").first
    assert link.get_attribute("href") == "https://news.example.org/caspian-accusation"
    text = card.text_content()
    [rel] = httpx.get(f"{served}/relations", params={"source": "IRN", "target": "AZE", "type": "ACCUSES"}).json()["items"]
    extractor = rel["evidence"][0]["extractor"] or "not recorded"
    assert "2024-01-15" in text and re.search(r"confidence 0\.\d\d", text) and f"extractor {extractor}" in text
    assert "edge=IRN%7CACCUSES%7CAZE" in page.url or "edge=IRN|ACCUSES|AZE" in page.url


def test_clicking_a_node_shows_its_card_and_expand_adds_its_neighbours(served, watched):
    page = watched.page
    open_actor(page, served)
    assert "ARM" not in nodes(page)
    click_on_graph(page, "FRA")
    card = page.locator("#card-body")
    card.get_by_role("heading", name="France").wait_for()
    assert "ARMS 1" in card.text_content()  # France arms Armenia: its counts by type
    card.get_by_role("button", name="expand").click()
    page.wait_for_function("() => explorer.cy.getElementById('ARM').nonempty()")
    assert ("FRA", "ARMS", "ARM") in edges(page)


def test_path_finder_draws_tur_aze_fra_arm(served, watched):
    page = watched.page
    open_actor(page, served, "actor=TUR")
    page.fill("#path-from", "TUR")
    page.fill("#path-to", "ARM")
    page.get_by_role("button", name="Find paths").click()
    first = page.locator("#path-list li button").first
    first.wait_for()
    assert first.get_attribute("data-actors") == "TUR,AZE,FRA,ARM"
    assert re.search(r"Turkey\s.*Azerbaijan\s.*France\s.*Armenia", first.text_content())
    on_path = set(page.evaluate("() => explorer.cy.nodes('.on-path').map(n => n.id())"))
    assert on_path == {"TUR", "AZE", "FRA", "ARM"}
    assert len(page.evaluate("() => explorer.cy.edges('.on-path').map(e => e.id())")) == 3
    assert "from=TUR" in page.url and "to=ARM" in page.url


def test_path_finder_types_and_directions_filter_the_paths(served, watched):
    page = watched.page
    page.goto(f"{served}/?from=TUR&to=ARM&ptypes=ALLIED_WITH&k=2")
    page.wait_for_function("() => document.getElementById('path-status').textContent.includes('No path')")
    assert page.locator("#path-status").get_attribute("data-kind") == "warn"
    assert page.evaluate("() => [...document.getElementById('path-types').selectedOptions].map(o => o.value)") == [
        "ALLIED_WITH"]
    page.goto(f"{served}/?from=TUR&to=ARM&directed=1")  # TUR-AZE is an alliance: walkable both ways
    page.locator("#path-list li button").first.wait_for()
    assert page.locator("#path-directed").is_checked()
    assert page.locator("#path-list li button").first.get_attribute("data-actors") == "TUR,AZE,FRA,ARM"


def test_tension_chart_has_points_and_top_dyads_open(served, watched):
    page = watched.page
    page.goto(f"{served}/?a=IRN&b=AZE&bucket=month")
    page.wait_for_function("() => explorer.chart && explorer.chart.data[0].length > 0")
    assert page.evaluate("() => explorer.chart.data[2].filter(v => v !== null).length") > 0  # the level line
    assert page.locator("#chart canvas").count() == 1
    assert "IRN–AZE: tension" in page.locator("#tension-summary").text_content()
    top = page.locator("#top-list li button").first
    top.wait_for()
    a, b = top.get_attribute("data-a"), top.get_attribute("data-b")
    top.click()
    page.wait_for_function(f"() => explorer.state.a === '{a}' && explorer.state.b === '{b}' && explorer.chart")
    page.wait_for_function(f"() => explorer.cy.getElementById('{a}').nonempty()")
    assert f"a={a}" in page.url


def test_unknown_actor_and_empty_search_show_a_message(served, watched):
    page = watched.page
    watched.expect_errors("404")
    page.goto(f"{served}/?actor=ZZZ")
    status = page.locator("#status")
    page.wait_for_function("() => document.getElementById('status').textContent.includes('Unknown actor')")
    assert "“ZZZ”" in status.text_content() and status.get_attribute("data-kind") == "error"
    page.locator("#search").press_sequentially("Qwxzvbnm", delay=20)
    page.wait_for_function("() => document.getElementById('status').textContent.includes('No actor matches')")
    assert page.locator("#search-list").is_hidden()


def test_filters_live_in_the_url_and_narrow_the_graph(served, watched):
    page = watched.page
    open_actor(page, served, "actor=AZE&types=ACCUSES")
    assert {t for _, t, _ in edges(page)} == {"ACCUSES"}
    checked = page.evaluate("() => [...document.querySelectorAll('#types input:checked')].map(i => i.value)")
    assert checked == ["ACCUSES"]
    page.locator('#types input[value="ARMS"]').check()
    page.wait_for_function("() => explorer.cy.edges('[type = \"ARMS\"]').nonempty()")
    assert "types=ACCUSES%2CARMS" in page.url or "types=ACCUSES,ARMS" in page.url
    open_actor(page, served, "actor=AZE&since=2024-11-01")  # a window after every AZE report but one
    assert page.locator("#since-out").text_content() == "2024-11-01"
    assert len(edges(page)) < 5


def test_minimum_confidence_narrows_the_graph_and_an_empty_result_says_so(served, watched):
    page = watched.page
    open_actor(page, served, "actor=AZE&conf=0.95")  # only Iran's accusation (0.985) is above
    assert edges(page) == {("IRN", "ACCUSES", "AZE")}
    assert page.locator("#confidence-out").text_content() == "0.95"
    page.locator("#confidence").fill("0.9")  # the slider moved: every edge of 0.9 and over
    page.wait_for_function("() => explorer.cy.edges().length === 6")
    assert {("AZE", "ALLIED_WITH", "TUR"), ("ISR", "ARMS", "AZE")} <= edges(page)
    assert min(page.evaluate("() => explorer.cy.edges().map(e => e.data('confidence'))")) >= 0.9
    assert "conf=0.9" in page.url
    open_actor(page, served, "actor=AZE&conf=1")  # nothing is that sure: an empty graph, said so
    status = page.locator("#status")
    assert "has no relations with these filters in this window" in status.text_content()
    assert status.get_attribute("data-kind") == "warn" and edges(page) == set()


def test_the_window_end_leaves_out_later_reports(served, watched):
    page = watched.page
    open_actor(page, served, "actor=AZE&until=2024-01-31")  # the January reports only
    assert page.locator("#until-out").text_content() == "2024-01-31"
    assert edges(page) == {("IRN", "ACCUSES", "AZE"), ("IRN", "THREATENS", "AZE"), ("officer:irn:reza-karimi",
                           "THREATENS", "AZE"), ("ministry:aze:ministry-of-defense", "PART_OF", "AZE"),
                           ("ministry:aze:ministry-of-defense", "DENIES", "IRN")}


def test_node_colour_follows_the_kind_and_edge_width_the_reports(served, reported_served, watched):
    page = watched.page
    open_actor(page, served)
    colours = page.evaluate("""() => ['AZE', 'FRA', 'officer:irn:reza-karimi', 'ministry:aze:ministry-of-defense']
        .map(id => explorer.cy.getElementById(id).style('background-color'))""")
    assert colours[0] == colours[1] and len(set(colours)) == 3  # two states alike; state, officer, ministry apart
    open_actor(page, reported_served, "actor=LTU")
    thrice, once = page.evaluate("""() => ['LTU|ACCUSES|BLR', 'LTU|THREATENS|POL']
        .map(id => parseFloat(explorer.cy.getElementById(id).style('width')))""")
    assert thrice > once, (thrice, once)


def test_an_officers_card_shows_his_state_and_aliases(served, watched):
    page = watched.page
    open_actor(page, served)
    click_on_graph(page, "officer:irn:reza-karimi")
    card = page.locator("#card-body")
    card.get_by_role("heading", name="Reza Karimi").wait_for()
    facts = dict(zip(card.locator("dt").all_text_contents(), card.locator("dd").all_text_contents(), strict=True))
    assert facts["kind"] == "Officer" and facts["state"] == "IRN" and facts["aliases"] == "Karimi"
    assert "THREATENS 1" in card.text_content()


def test_an_empty_selection_says_so(served, watched):
    page = watched.page
    open_actor(page, served)
    page.get_by_role("button", name="none").click()
    page.wait_for_function("() => document.getElementById('status').textContent.includes('No relation type')")


def test_large_neighbourhood_is_capped_with_expand_more(hub_served, watched):
    page = watched.page
    page.goto(f"{hub_served}/?actor=HUB")
    notice = page.locator("#cap-notice")
    notice.wait_for()
    assert "Showing 150 of 301 actors" in notice.text_content()
    assert len(nodes(page)) == 150
    page.get_by_role("button", name="expand more").click()
    page.wait_for_function("() => explorer.cy.nodes().length === 300")
    assert "Showing 300 of 301" in notice.text_content()
    page.get_by_role("button", name="expand more").click()
    notice.wait_for(state="hidden")


def test_store_unavailable_shows_503(unavailable_served, watched):
    page = watched.page
    watched.expect_errors("503")
    page.goto(f"{unavailable_served}/?actor=AZE")
    page.wait_for_function("""() => { const s = document.getElementById('status');
        return s.textContent.includes('unavailable (503)') && s.dataset.kind === 'error'; }""")
    page.wait_for_timeout(500)  # every request has been answered: the message stays
    assert "unavailable (503)" in page.locator("#status").text_content()
    page.locator("#top-status").get_by_text("unavailable (503)").wait_for()


def test_a_server_that_wants_a_read_key_asks_for_it(keyed_served, watched):
    page = watched.page
    watched.expect_errors("401")
    page.goto(f"{keyed_served}/?actor=AZE")
    page.wait_for_function("() => document.getElementById('status').textContent.includes('needs an API key')")
    key = page.get_by_label("API key")
    key.fill("s3cret-key")
    page.get_by_role("button", name="Use key").click()
    page.wait_for_function("() => document.getElementById('status').textContent.startsWith('Azerbaijan:')")
    assert ("IRN", "ACCUSES", "AZE") in edges(page)
    assert page.locator("#key-form").is_hidden()


def test_slow_answers_are_reported_while_awaited(served, watched):
    """The network to the real server is slowed in the browser (3 s per /graph answer)."""
    page = watched.page

    def slow(route):
        page.wait_for_timeout(3000)
        route.continue_()

    page.route("**/graph?*", slow)
    page.goto(f"{served}/?actor=AZE")
    page.wait_for_function("() => document.getElementById('status').textContent.includes('Still waiting')",
                           timeout=10_000)
    page.wait_for_function("() => document.getElementById('status').textContent.startsWith('Azerbaijan:')",
                           timeout=20_000)


def test_basics_title_labels_and_visible_focus(served, watched):
    page = watched.page
    open_actor(page, served)
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select')]
        .filter(i => !(i.labels && i.labels.length) && !i.getAttribute('aria-label') && !i.closest('label'))
        .map(i => i.id || i.name || i.outerHTML.slice(0, 60))""")
    assert unlabelled == []
    page.locator("#search").focus()
    page.keyboard.press("Tab")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


def test_screenshot_for_the_readme(served, watched, tmp_path):
    """The README's picture is made here: TENSIONGRAPH_UPDATE_SCREENSHOT=1 writes docs/explorer.png."""
    page = watched.page
    open_actor(page, served, "actor=AZE&from=TUR&to=ARM&a=IRN&b=AZE")
    page.wait_for_function("() => explorer.chart && document.querySelectorAll('#path-list li').length > 0")
    click_on_graph(page, "IRN|ACCUSES|AZE")
    page.locator("#card-body blockquote").first.wait_for()
    target = SCREENSHOT if os.environ.get("TENSIONGRAPH_UPDATE_SCREENSHOT") else tmp_path / "explorer.png"
    page.screenshot(path=str(target))
    assert Path(target).stat().st_size > 20_000
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", "docs/explorer.png (the README's picture) is missing"


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_render_offline(served, watched, path):
    page = watched.page
    page.goto(f"{served}{path}")
    if path == "/docs":
        page.locator(".swagger-ui .info .title").get_by_text("tensiongraph").wait_for()
        page.locator(".opblock-summary-path").get_by_text("/paths", exact=True).wait_for()
    else:
        page.get_by_role("heading", name=re.compile("tensiongraph")).first.wait_for()
        page.locator("h2", has_text="The k shortest paths between two actors").first.wait_for()
