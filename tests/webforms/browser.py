"""Helpers for the browser test: a real server in a thread, Chromium, axe-core, screenshots."""

from __future__ import annotations

import importlib.resources
import os
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

from peiling.settings import get_settings
from tests.conftest import BACKENDS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_script() -> Path | None:
    """Return the axe-core script shipped in a Python package, or None when not installed."""
    try:
        path = importlib.resources.files("axe_playwright_python") / "axe.min.js"
    except ModuleNotFoundError:
        return None
    return Path(str(path))


@contextmanager
def serve(app):
    """Serve an app on a free loopback port in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


# axe-core works out the nodes of every result type (passes and inapplicable rules too) unless
# told which it reports; only the violations are asked for, and only they come back.
AXE_RUN = """tags => axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
}).then(result => result.violations)"""


def new_page(browser, **kw):
    """Open a page in a new browser context (Dutch, as a respondent's) that has axe-core.

    axe-core (550 KB) is given to the context once, as a script every document it opens runs
    first; adding it to each page checked cost about 80 ms of Python, Playwright and Chromium
    work per check, as much as the check itself. bypass_csp lets it run: the app allows no
    script of anyone else.
    """
    context = browser.new_context(bypass_csp=True, locale="nl-NL", **kw)
    context.add_init_script(path=str(axe_script()))
    return context, context.new_page()


def axe_violations(page) -> list[str]:
    """Run axe-core's WCAG 2.0/2.1 A and AA rules on a page; return each violation as text.

    It waits for the page's load event first, so that the whole page is checked. A page that
    was not opened by new_page gets axe-core here.
    """
    page.wait_for_load_state("load")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script()))
    found = []
    for violation in page.evaluate(AXE_RUN, WCAG_TAGS):
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]][:5]
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return found


def keep(name: str, content: bytes) -> None:
    """Write a screenshot or print under its name in var/screenshots, whole or not at all.

    Test workers running at once may write the same name (one per database): each writes
    its own file and renames it into place, so nobody reads a half-written one.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    partial = SCREENSHOTS / f".{name}.{uuid.uuid4().hex}"
    partial.write_bytes(content)
    os.replace(partial, SCREENSHOTS / name)


def pictures_wanted() -> bool:
    """Whether this test writes its screenshots: once per run, not once per database.

    The runs on the two databases show the same pages and would write the same files; a
    full-page screenshot costs Chromium about a quarter of a CPU second. The run on SQLite
    writes them (the one on PostgreSQL where that is the only database tested).
    """
    on_postgresql = get_settings().database_url.startswith("postgresql")
    return not (on_postgresql and "sqlite" in BACKENDS)


def check_page(page, name: str) -> None:
    """Screenshot a page under its name and assert that axe-core finds no violation."""
    if pictures_wanted():
        keep(f"{name}.png", page.screenshot(full_page=True))
    violations = axe_violations(page)
    assert violations == [], f"{name} ({page.url}):\n" + "\n".join(violations)
