"""How tall and how wide an HTML report renders: rerun with
`.venv/bin/python benchmarks/report_size.py reports/seeds.html [more.html ...]`.

Opens each report in headless Chromium (Debian's /usr/bin/chromium through Playwright, as
tests/test_browser.py does; scripts/install-browser.sh installs both) at a desktop width
(1280 px) and a phone width (390 px) and prints the page's scroll width and height: first as
it opens (every list collapsed), then with every <details> opened. A page wider than the
viewport scrolls sideways. Exit code 0 whatever the figures.
"""

from __future__ import annotations

import argparse
from pathlib import Path

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
CHROMIUM = "/usr/bin/chromium"


def measure(paths: list[Path]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        for path in paths:
            for name, viewport in VIEWPORTS.items():
                context = browser.new_context(viewport=viewport)
                page = context.new_page()
                page.goto(path.resolve().as_uri())
                size = "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
                closed = page.evaluate(size)
                page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
                opened = page.evaluate(size)
                rows.append({"report": str(path), "viewport": name, "viewport_width": viewport["width"],
                             "width": closed[0], "height": closed[1], "width_all_open": opened[0], "height_all_open": opened[1]})
                context.close()
        browser.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="+", type=Path)
    args = parser.parse_args()
    print(f"{'report':<28} {'viewport':<8} {'width':>6} {'height':>8} {'width, all open':>16} {'height, all open':>17}")
    for row in measure(args.reports):
        print(f"{row['report']:<28} {row['viewport']:<8} {row['width']:>6} {row['height']:>8} {row['width_all_open']:>16} {row['height_all_open']:>17}")


if __name__ == "__main__":
    main()
