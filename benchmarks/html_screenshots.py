"""Screenshots of a real graph's page in headless Chromium, for a person to judge the first view.

Writes to test-artifacts/html/ (or --out): the initial view, everything zoomed out, the result of a
search (default "LoRA"), and a paper clicked at the initial zoom with its details panel (top, then
scrolled to its linked entities and similar papers). Prints what each
view shows (zoom, labels the page drew, visible edges) so a change can be compared without the images.

Run: .venv/bin/python benchmarks/html_screenshots.py out/graph.json [--search LoRA] [--out DIR]
Needs scripts/install-chromium.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "html"))  # the Chromium set-up the browser tests use

from html_browser import chromium, console_errors, open_page, requested_urls  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from kg.export.html import write_html  # noqa: E402
from kg.graph.readwrite import read_graph  # noqa: E402

STATE_JS = """
return {scale: kg.network.getScale(), labels: kg.overlayLabels().length,
        edges: kg.edgesView.length, selected: kg.network.getSelectedNodes()};
"""
# The most important paper in the largest research area, clicked where it is drawn.
PAPER_JS = """
const area = kg.areas[0];
const ranked = area ? area.members.slice() : kg.mainIds.filter(id => kg.nodes.get(id).kgType === "Paper");
ranked.sort((a, b) => kg.network.getConnectedEdges(b).length - kg.network.getConnectedEdges(a).length);
return ranked[0];
"""


def settle(driver) -> None:
    """Wait for animations (search focus, fits) to finish and a frame to be drawn."""
    driver.execute_async_script(
        "const done = arguments[0]; setTimeout(() => { kg.network.once('afterDrawing', () => done()); "
        "kg.network.redraw(); }, 700);"
    )


def shoot(driver, folder: Path, name: str) -> None:
    settle(driver)
    path = folder / f"{name}.png"
    driver.save_screenshot(str(path))
    state = driver.execute_script(STATE_JS)
    print(f"{path}: zoom {state['scale']:.2f}, {state['labels']} labels drawn by the page, "
          f"{state['edges']:,} edges visible, selected {state['selected'] or '-'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", type=Path, help="graph.json (or .graphml/.gexf) written by kg build")
    parser.add_argument("--search", default="LoRA", help="text typed into the search box")
    parser.add_argument("--out", type=Path, default=ROOT / "test-artifacts" / "html", help="folder for the PNGs")
    parser.add_argument("--prefix", default="seed", help="file name prefix")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    G = read_graph(args.graph)
    with tempfile.TemporaryDirectory(prefix="kg-html-shots-") as tmp, chromium() as driver:
        page = Path(tmp) / "graph.html"
        report = write_html(G, page)
        print(f"{report.nodes:,} nodes, {report.edges:,} edges, layout {report.layout}")
        ready = open_page(driver, page, 120)
        print(f"ready after {ready:,.0f} ms")
        shoot(driver, args.out, f"{args.prefix}-initial")
        driver.execute_script("kg.network.fit({animation: false})")
        shoot(driver, args.out, f"{args.prefix}-everything")
        driver.find_element(By.ID, "kg-reset").click()
        box = driver.find_element(By.ID, "kg-search")
        box.send_keys(args.search)
        WebDriverWait(driver, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#kg-results li"))
        shoot(driver, args.out, f"{args.prefix}-search-results")
        box.send_keys(Keys.ENTER)
        shoot(driver, args.out, f"{args.prefix}-search-picked")
        driver.find_element(By.ID, "kg-reset").click()
        settle(driver)
        paper = driver.execute_script(PAPER_JS)
        x, y = driver.execute_script("const p = kg.network.canvasToDOM(kg.network.getPosition(arguments[0]));"
                                     "return [p.x, p.y]", paper)
        canvas = driver.find_element(By.ID, "kg-canvas")
        offset = (round(x - canvas.size["width"] / 2), round(y - canvas.size["height"] / 2))
        ActionChains(driver).move_to_element_with_offset(canvas, *offset).click().perform()
        shoot(driver, args.out, f"{args.prefix}-paper-clicked")
        driver.execute_script(  # the rest of its details: linked entities, similar papers, evidence
            "const h = [...document.querySelectorAll('#kg-details h3')].find(e => e.textContent === 'Linked');"
            "if (h) h.scrollIntoView();")
        shoot(driver, args.out, f"{args.prefix}-paper-details")
        stray = [u for u in requested_urls(driver) if u != page.resolve().as_uri() and not u.startswith("data:")]
        errors = console_errors(driver)
        print(f"network requests besides the file: {len(stray)}; console errors: {len(errors)}")


if __name__ == "__main__":
    main()
