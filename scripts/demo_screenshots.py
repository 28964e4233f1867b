"""The README's screenshots of the web app, taken in headless Chromium from the store `make demo` builds.

Usage: python scripts/demo_screenshots.py --db saywho.db --out docs/screenshots
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from saywho.store import Store
from saywho.web import WebSettings, create_app

CHROMIUM = "/usr/bin/chromium"
# (file, path, viewport width, what to wait for)
SHOTS = [
    ("article.png", "/articles/seed-article", 1366, ".card"),
    ("claims.png", "/claims?q=North+Korea", 1366, "table.claims"),
    ("speaker.png", "/speakers/Carrie%20Lam", 1366, "canvas.timeline-chart[data-drawn]"),
    ("network.png", "/network?outlets=false", 1366, "#network[data-ready]"),
    ("phone-article.png", "/articles/seed-article", 390, ".card"),
]


def _serve(store: Store) -> tuple[uvicorn.Server, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store, settings=WebSettings()), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("the web app did not start within 20 s")
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="saywho.db", help="the store `make demo` built")
    parser.add_argument("--out", default="docs/screenshots", type=Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with Store(args.db) as store:
        if not store.counts()["articles"]:
            raise SystemExit(f"{args.db} holds no articles: run `make demo` first")
        server, base = _serve(store)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                for name, path, width, ready in SHOTS:
                    page = browser.new_page(viewport={"width": width, "height": 860 if width > 500 else 844})
                    page.goto(base + path)
                    page.wait_for_selector(ready, timeout=30_000)
                    page.screenshot(path=str(args.out / name))
                    page.close()
                    print(f"{args.out / name}  <- {path}")
                browser.close()
        finally:
            server.should_exit = True


if __name__ == "__main__":
    main()
