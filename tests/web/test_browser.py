"""End to end in a real headless Chromium (Debian's package) driven by Playwright, against the real
server (uvicorn on a free localhost port) over the fixture store. Screenshots go to
test-artifacts/web/. Skipped, with the reason, where /usr/bin/chromium is absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from live_server import serving

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def server_url(app):
    """The app served by uvicorn in a thread, as ``saywho serve`` would, until the module ends."""
    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    """A fresh page that records console errors (CSP violations among them) and JavaScript dialogs."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    tab = context.new_page()
    tab.problems = []  # type: ignore[attr-defined]
    tab.on("console", lambda msg: tab.problems.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: tab.problems.append(str(exc)))
    tab.on("dialog", lambda dialog: (tab.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield tab
    context.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=False)


def test_browser_seed_article_highlights_and_panel(page, server_url, client):
    expected = client.get("/articles/seed.json").json()["result"]["attributions"]
    assert expected, "the extractor found no attribution in the seed article"
    page.goto(f"{server_url}/articles/seed")
    cards = page.locator("#panel .card")
    assert cards.count() == len(expected)
    highlighted = {int(i) for i in page.locator(".article-text .hl").evaluate_all(
        "els => els.flatMap(e => e.dataset.attr.split(' '))")}
    assert highlighted == set(range(len(expected)))
    for role in ("content", "cue", "source"):
        wanted = sum(1 for a in expected if a[role])
        marked = {int(i) for i in page.locator(f".article-text .hl-{role}").evaluate_all("els => els.map(e => e.dataset.top)")}
        assert len(marked) <= wanted and (wanted == 0 or marked), role
    # The panel shows each resolved speaker (linked by the corpus name, the article's own when it differs)
    # with role and affiliation as extracted.
    corpus = client.get("/articles/seed.json").json()["speakers"]
    for card, record in zip(cards.all(), expected):
        speaker = record["speaker"]
        if speaker:
            shown = corpus.get(record["id"], {}).get("name", speaker["name"])
            assert card.locator(".speaker").inner_text() == shown
            assert speaker["name"] in card.inner_text()
            for part in ("role", "affiliation"):
                if speaker[part]:
                    assert speaker[part] in card.inner_text()
    griffiths = page.locator("#panel .card", has_text="Hugh Griffiths").first
    assert "senior researcher" in griffiths.inner_text()
    assert "Radio Free Europe/Radio Liberty" in griffiths.inner_text()
    # Clicking a source highlight selects its card.
    source = page.locator(".article-text .hl-source").first
    source.click()
    top = source.get_attribute("data-top")
    assert "selected" in page.locator(f'#panel .card[data-attr="{top}"]').get_attribute("class")
    _shot(page, "article.png")
    assert page.problems == []  # type: ignore[attr-defined]


def test_browser_follows_a_speaker_link(page, server_url):
    page.goto(f"{server_url}/articles/seed")
    link = page.locator("#panel .card a.speaker", has_text="Hugh Griffiths").first
    link.click()
    page.wait_for_url("**/speakers/**")
    assert re.search(r"/speakers/\d+-hugh-griffiths$", unquote(page.url))
    assert page.locator("h1").inner_text() == "Hugh Griffiths"
    assert "senior researcher" in page.locator(".roles").inner_text()
    assert page.locator("table.claims tr.claim").count() >= 2
    _shot(page, "speaker.png")
    assert page.problems == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("article_id", ["xss-quote", "handmade"])
def test_browser_runs_no_script_from_articles(page, server_url, article_id):
    page.goto(f"{server_url}/articles/{article_id}")
    text = page.locator("#article-text").inner_text()
    assert "<script>alert(" in text or "<img src=x onerror=alert(" in text
    assert page.locator("#article-text script, #article-text img, #panel script, #panel img").count() == 0
    assert page.locator("body *[onerror], body *[onmouseover]").count() == 0
    page.wait_for_timeout(200)
    assert page.problems == []  # type: ignore[attr-defined]
    _shot(page, f"{article_id}.png")


def test_browser_handmade_nesting_and_via(page, server_url):
    page.goto(f"{server_url}/articles/handmade")
    page.locator(".article-text .hl-source", has_text="soldiers").click()
    selected = page.locator(".article-text .hl.selected")
    assert "shortages" in " ".join(selected.all_inner_texts())
    card = page.locator("#panel .card.selected")
    assert "inside a2" in card.inner_text()
    card.locator("a", has_text="a2").click()
    assert page.url.endswith("#attr-a2")
    via = page.locator("#attr-a1 .via-chain a")
    assert via.inner_text() == "Radio Free Europe/Radio Liberty"
    via.click()
    page.wait_for_url("**/outlets/**")
    assert page.locator("h1").inner_text() == "Radio Free Europe/Radio Liberty"


def test_browser_claims_search(page, server_url):
    page.goto(f"{server_url}/claims")
    page.fill("form.filters input[name=q]", "artillery")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/claims?*")
    rows = page.locator("table.claims tr.claim")
    assert rows.count() >= 1
    assert all("artillery" in row.lower() for row in rows.all_inner_texts())
    _shot(page, "claims.png")
    assert page.problems == []  # type: ignore[attr-defined]


def test_browser_network_draws_with_bundled_cytoscape(page, server_url, client):
    nodes = client.get("/network.json").json()["nodes"]
    page.goto(f"{server_url}/network")
    page.wait_for_selector("#network[data-ready]", timeout=15_000)
    assert int(page.get_attribute("#network", "data-ready")) == len(nodes) > 0
    assert page.locator("#network canvas").count() >= 1
    _shot(page, "network.png")
    assert page.problems == []  # type: ignore[attr-defined]


# -- accessibility and small screens ---------------------------------------------------------------

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# One page of each type; profile pages by name, which redirects to the row's own page.
PAGE_TYPES = ["/", "/claims", "/claims?q=artillery", "/articles", "/articles/seed", "/articles/handmade", "/speakers",
              "/speakers/Hugh%20Griffiths", "/entities", "/entities/North%20Korea", "/outlets",
              "/outlets/RFE%2FRL", "/network", "/no/such/page"]
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def _axe(tab) -> list[dict]:
    """axe-core's serious and critical violations on the page (WCAG 2.1 A and AA rules and best practice).

    axe is evaluated through the DevTools protocol, which the page's CSP (served unchanged) does not govern."""
    tab.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
    found = tab.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.filter(v => ["serious", "critical"].includes(v.impact))
            .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
    return found


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_browser_pages_pass_axe_and_fit_the_screen(browser, server_url, path, viewport):
    """No serious accessibility violation (axe-core) on any page type, at 1366 and at 390 px; at 390 px
    nothing is wider than the screen."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    tab = context.new_page()
    try:
        tab.goto(server_url + path)
        if path.startswith("/network"):
            tab.wait_for_selector("#network[data-ready]", timeout=15_000)
        violations = _axe(tab)
        assert violations == [], json.dumps(violations, indent=1)
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS[viewport]["width"], f"{path} is {width} px wide at {viewport}"
        if viewport == "phone":
            # The header's links stay on screen.
            for box in tab.locator("header.top nav a").evaluate_all("els => els.map(e => e.getBoundingClientRect().right)"):
                assert box <= VIEWPORTS[viewport]["width"]
            name = path.strip("/").replace("/", "-").replace("%", "")[:40] or "index"
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"))
    finally:
        context.close()


def test_browser_skip_link_and_few_tab_stops_before_the_cards(page, server_url):
    page.goto(f"{server_url}/articles/seed")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    stops = 0
    while stops < 40:
        page.keyboard.press("Tab")
        stops += 1
        if page.evaluate("!!document.activeElement.closest('#panel')"):
            break
    assert stops < 20, f"{stops} tab stops before the first card"


def test_browser_timeline_is_drawn_with_the_bundled_chart_library(page, server_url):
    page.goto(f"{server_url}/speakers/Hugh%20Griffiths")
    page.wait_for_selector("canvas.timeline-chart[data-drawn]", timeout=10_000)
    assert page.evaluate("typeof Chart") == "function"
    assert page.problems == []  # type: ignore[attr-defined]


def test_browser_network_hides_a_hub(page, server_url, client):
    page.goto(f"{server_url}/network")
    page.wait_for_selector("#network[data-ready]", timeout=15_000)
    hub = page.locator("#network-hubs a.hub").first
    hidden = re.search(r"hide=([^&]+)", hub.get_attribute("href")).group(1)
    hub.click()
    page.wait_for_selector("#network[data-ready]", timeout=15_000)
    nodes = client.get("/network.json", params={"hide": unquote(hidden)}).json()["nodes"]
    assert unquote(hidden) not in {n["id"] for n in nodes}
    assert int(page.get_attribute("#network", "data-ready")) == len(nodes)
    assert page.problems == []  # type: ignore[attr-defined]
