"""The figure comparison and cluster pages in a real headless Chromium: the charts are drawn by the
bundled Chart.js under the app's Content-Security-Policy, with no console error. Skipped, with the
reason, where /usr/bin/chromium is absent."""

from __future__ import annotations

from pathlib import Path

import pytest
from live_server import serving

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def server_url(report_store):
    from saywho.web.app import create_app

    with serving(create_app(report_store)) as url:
        yield url


@pytest.fixture(scope="module")
def tab():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.problems = []  # type: ignore[attr-defined]
        page.on("console", lambda msg: page.problems.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: page.problems.append(str(exc)))
        yield page
        chromium.close()


def test_browser_figures_chart_is_drawn(tab, server_url):
    tab.goto(f"{server_url}/figures?q=artillery+shells")
    tab.wait_for_selector("canvas.interval-chart[data-drawn]", timeout=10_000)
    assert tab.evaluate("typeof Chart") == "function"
    assert tab.locator("tr.disagrees").count() >= 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "figures.png"))
    assert tab.problems == []  # type: ignore[attr-defined]


def test_browser_cluster_page_timeline_is_drawn(tab, server_url):
    tab.goto(f"{server_url}/clusters?min_origins=2")
    tab.locator("table.clusters a").first.click()
    tab.wait_for_selector("canvas.timeline-chart[data-drawn]", timeout=10_000)
    assert "independent origin" in tab.text_content("p.meta")
    assert tab.problems == []  # type: ignore[attr-defined]
