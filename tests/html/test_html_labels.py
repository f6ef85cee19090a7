"""Labels the page places itself, on the demo page (`kg build examples`): none overlaps another at the
first view or zoomed in, the most important nodes are named, and a node left unlabelled is named while
the pointer is on it. vis-network draws no label of its own (it would draw every one, overlapping)."""

from __future__ import annotations

from pathlib import Path

import pytest

from selenium.webdriver.common.by import By

from html_browser import console_errors, open_page
from html_graphs import clustered_graph
from html_screen import hover_at, node_on_screen, nodes_alone, overlapping, settle
import kg
from kg import model
from kg.export.html import write_html

pytestmark = pytest.mark.browser

BOXES_JS = "return kg.labelBoxes()"


@pytest.fixture(scope="module")
def page(demo_graph, tmp_path_factory):
    path = tmp_path_factory.mktemp("labels") / "demo.html"
    report = write_html(demo_graph, path)
    assert report.layout == "physics" and 100 <= report.nodes <= 300
    return path


def _most_important(G, count: int) -> list[str]:
    return sorted(G, key=lambda n: (-G.nodes[n].get("pagerank", 0.0), n))[:count]


# The demo graph as main at 25144c6 built it (`kg build examples`, session 12): its physics layout puts the
# 7th most important node among three labels of more important ones, on every side of it.
CROWDED_DEMO = Path(__file__).parent / "data" / "crowded-demo-graph.json"


def test_the_most_important_nodes_are_named_in_a_crowd_too(browser, tmp_path, artifacts):
    G = kg.load(CROWDED_DEMO)
    path = tmp_path / "crowded.html"
    write_html(G, path)
    open_page(browser, path)
    settle(browser)
    boxes = browser.execute_script(BOXES_JS)
    labelled = {b["id"] for b in boxes if b["kind"] == "node"}
    browser.save_screenshot(str(artifacts / "labels-crowded.png"))
    assert set(_most_important(G, 10)) <= labelled
    assert overlapping(boxes) == []


def _inside_canvas(driver, boxes: list[dict]) -> bool:
    width, height = driver.execute_script(
        "const c = document.getElementById('kg-canvas'); return [c.clientWidth, c.clientHeight];")
    return all(b["left"] >= 0 and b["top"] >= 0 and b["right"] <= width and b["bottom"] <= height for b in boxes)


def test_first_view_labels_do_not_overlap_and_name_the_most_important(browser, page, demo_graph, artifacts):
    open_page(browser, page)
    settle(browser)
    assert browser.execute_script(
        "return Object.values(kg.network.body.nodes).every(n => n.options.label === undefined)")
    boxes = browser.execute_script(BOXES_JS)
    nodes = [b for b in boxes if b["kind"] == "node"]
    assert len(nodes) >= 25
    assert overlapping(boxes) == []
    assert _inside_canvas(browser, boxes)
    labelled = {b["id"] for b in nodes}
    assert set(_most_important(demo_graph, 10)) <= labelled
    browser.save_screenshot(str(artifacts / "demo-labels.png"))
    assert console_errors(browser) == []


def test_zoomed_in_labels_still_do_not_overlap(browser, page, demo_graph, artifacts):
    open_page(browser, page)
    top = _most_important(demo_graph, 1)[0]
    browser.execute_script("kg.network.moveTo({position: kg.network.getPosition(arguments[0]), scale: 1.6})", top)
    settle(browser, 100)
    boxes = browser.execute_script(BOXES_JS)
    assert overlapping(boxes) == []
    assert top in {b.get("id") for b in boxes}
    assert len(boxes) >= 5
    browser.save_screenshot(str(artifacts / "demo-labels-zoomed.png"))


def test_an_unlabelled_node_is_named_while_hovered(browser, page, demo_graph):
    open_page(browser, page)
    settle(browser)
    labelled = set(browser.execute_script("return kg.overlayLabels()"))
    target = nodes_alone(browser, sorted(n for n in demo_graph if n not in labelled), 12)[0]
    spot = node_on_screen(browser, target)
    hover_at(browser, spot["x"], spot["y"])
    settle(browser, 200)
    assert target in browser.execute_script("return kg.overlayLabels()")
    assert overlapping(browser.execute_script(BOXES_JS)) == []
    width, height = browser.execute_script(
        "const c = document.getElementById('kg-canvas'); return [c.clientWidth, c.clientHeight];")
    assert browser.execute_script("return kg.network.getNodeAt({x: arguments[0], y: arguments[1]}) === undefined",
                                  width - 8, height - 8)
    hover_at(browser, width - 8, height - 8)  # away, onto no node
    settle(browser, 200)
    assert target not in browser.execute_script("return kg.overlayLabels()")


def test_a_pixel_wide_mark_on_a_big_page_is_named_when_the_pointer_is_beside_it(browser, tmp_path):
    G = clustered_graph()
    page = tmp_path / "clustered.html"
    write_html(G, page)
    open_page(browser, page)
    settle(browser)
    labelled = set(browser.execute_script("return kg.overlayLabels()"))
    papers = sorted(n for n, t in G.nodes(data="type") if t == model.PAPER and n not in labelled)
    target = nodes_alone(browser, papers, 12)[0]  # others well outside the pointer's 6 px reach
    spot = node_on_screen(browser, target)
    assert spot["r"] < 4
    hover_at(browser, spot["x"] + spot["r"] + 3, spot["y"])  # beside the mark, not on it
    settle(browser, 200)
    assert target in browser.execute_script("return kg.overlayLabels()")
    tooltip = browser.find_element(By.ID, "kg-tooltip")
    assert tooltip.is_displayed() and G.nodes[target]["title"] in tooltip.text
    assert overlapping(browser.execute_script(BOXES_JS)) == []
