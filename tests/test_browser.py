"""The HTML report in a real headless Chromium: it renders, filters, and hostile text stays inert.

Needs Debian's /usr/bin/chromium and the Playwright Python package (scripts/install-browser.sh
installs both). When either is missing the tests skip and say which; they never pass without
having run the browser.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from claimdiff import report

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_report import build_comparison  # noqa: E402  (the same hand-built comparison)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
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
SEEDS_REPORT = ROOT / "reports" / "seeds.html"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: run scripts/install-browser.sh as root (apt-get install chromium)")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("the playwright Python package is not installed: run scripts/install-browser.sh")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Error as error:
            pytest.skip(f"Chromium at {CHROMIUM} did not start: {str(error).splitlines()[0]}")
        yield chromium
        chromium.close()


class Page:
    """A page opened from disk, recording console errors, page errors, dialogs and requests."""

    def __init__(self, browser, path: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def visible(self, selector: str) -> int:
        """How many elements match and are rendered (one round trip, however many there are)."""
        return self.page.evaluate(
            "selector => Array.from(document.querySelectorAll(selector)).filter(e => e.checkVisibility()).length", selector
        )

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_page(browser):
    pages = []

    def opener(path: Path) -> Page:
        pages.append(Page(browser, path))
        return pages[-1]

    yield opener
    for page in pages:
        page.close()


def _check_renders_and_filters(view: Page) -> None:
    """What every report must do, whatever its content."""
    page = view.page
    assert page.title().startswith("Claim comparison"), page.title()
    assert page.evaluate("window.__pwned") is None
    assert view.dialogs == []
    assert view.errors == [], view.errors  # a CSP hash mismatch would show up here
    assert [url for url in view.requests if url != view.url] == []  # nothing fetched, not even a favicon

    summary = page.locator("#summary")
    assert summary.is_visible() and summary.locator(".stat .value").count() == 6
    assert all(value.strip().isdigit() for value in summary.locator(".stat .value").all_inner_texts())
    heatmap = page.locator("#heatmap table.heatmap")
    assert heatmap.is_visible() and heatmap.bounding_box()["height"] > 50
    documents = len(page.locator("#heatmap tbody tr").all())
    assert documents >= 2 and view.visible("#heatmap td.cell") == documents * (documents - 1)
    assert page.locator("#contradictions").is_visible()

    total = page.locator("#pairs .pair").count()
    counts = {label: page.locator(f'#pairs .pair[data-label="{label}"]').count() for label in ("contradiction", "agreement", "paraphrase")}
    assert sum(counts.values()) == total
    assert page.locator("#pair-filter").is_visible()  # revealed by the script, so the script ran
    assert view.visible("#pairs .pair") == total
    for label, count in counts.items():
        page.click(f'button[data-filter-label="{label}"]')
        assert view.visible("#pairs .pair") == total - count
        assert page.inner_text("#pairs-shown") == str(total - count)
        assert page.get_attribute(f'button[data-filter-label="{label}"]', "aria-pressed") == "false"
        page.click(f'button[data-filter-label="{label}"]')
        assert view.visible("#pairs .pair") == total
    page.click('button[data-filter-label="agreement"]')
    page.click('button[data-filter-label="paraphrase"]')
    assert view.visible("#pairs .pair") == counts["contradiction"]
    assert view.visible('#pairs .pair[data-label="contradiction"]') == counts["contradiction"]
    page.click('button[data-filter-label="agreement"]')
    page.click('button[data-filter-label="paraphrase"]')

    page.click("#expand-documents")
    claims = view.visible("#documents li.claim")
    assert claims > 0
    page.check("#unique-only")
    assert view.visible("#documents li.claim") == view.visible("#documents li.claim.is-unique") < claims
    page.uncheck("#unique-only")
    page.click("#expand-documents")
    assert view.visible("#documents li.claim") == 0
    assert view.errors == [], view.errors


def test_hostile_report_renders_filters_and_stays_inert(open_page, tmp_path):
    html_path = tmp_path / "report.html"
    report.write_atomic(html_path, report.render_html(build_comparison()))
    view = open_page(html_path)
    page = view.page

    _check_renders_and_filters(view)

    contradictions = page.locator("#contradictions article.contradiction")
    assert contradictions.count() == 2 and all(card.is_visible() for card in contradictions.all())
    first = contradictions.nth(0)
    assert first.locator("mark").all_inner_texts() == ["1961", "1962"]
    # the hostile markup is shown as text, and did nothing
    assert "<script>window.__pwned = 1; document.title = 'pwned'; alert(1)</script>" in first.inner_text()
    assert page.locator("#contradictions img, #contradictions a, main script").count() == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 1
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert "pwned" not in page.title()
    assert "score {{ 7*7 }} end" in page.text_content("#documents") and "score 49" not in page.text_content("body")
    assert page.locator("#heatmap td.cell .contra.some").count() == 4

    # The policy is in force, not just present: a script added at run time is refused.
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__injected = 1'; document.body.appendChild(s); }")
    assert page.evaluate("window.__injected") is None
    assert any("Content Security Policy" in error for error in view.errors), view.errors

    screenshot = tmp_path / "screenshot.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 20_000
    if os.environ.get("CLAIMDIFF_UPDATE_SCREENSHOT") == "1":
        (ROOT / "reports").mkdir(exist_ok=True)
        shutil.copyfile(screenshot, ROOT / "reports" / "screenshot.png")


def test_seeds_report_renders_and_filters(open_page):
    if not SEEDS_REPORT.exists():
        pytest.skip(f"{SEEDS_REPORT.relative_to(ROOT)} not generated yet: run `make report` first")
    view = open_page(SEEDS_REPORT)
    _check_renders_and_filters(view)
    assert view.page.locator("#documents details.document").count() == len(list((ROOT / "seeds").glob("*.txt")))
