"""The first view of a seed-shaped page (over 300 nodes, so laid out in Python) in real headless Chromium:
fitted to the content beside the panel, research areas and important nodes labelled, similar-paper links
hidden until asked for, and a clicked paper showing its own."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from html_browser import console_errors, open_page, requested_urls
from html_graphs import HOSTILE_TITLE, clustered_graph
from kg.export.html import write_html

pytestmark = pytest.mark.browser

# Where each node is on screen, and the part of the screen the side panels leave free.
SCREEN_JS = """
const ids = arguments[0];
const canvas = document.getElementById('kg-canvas');
const panel = document.getElementById('kg-panel').getBoundingClientRect();
const details = document.getElementById('kg-details');
const right = details.hidden ? canvas.clientWidth : details.getBoundingClientRect().left;
const points = ids.map(id => kg.network.canvasToDOM(kg.network.getPosition(id)));
return {points, left: panel.right, right, height: canvas.clientHeight, scale: kg.network.getScale()};
"""


@pytest.fixture(scope="module")
def graph():
    return clustered_graph()


@pytest.fixture
def page(graph, tmp_path):
    path = tmp_path / "graph.html"
    report = write_html(graph, path)
    assert report.layout == "precomputed"
    return path


def _settle(driver) -> None:
    driver.execute_async_script(
        "const done = arguments[0]; setTimeout(() => { kg.network.once('afterDrawing', () => done());"
        " kg.network.redraw(); }, 600);")


def _assert_clean(driver, page) -> None:
    assert [u for u in requested_urls(driver) if u != page.resolve().as_uri() and not u.startswith("data:")] == []
    assert console_errors(driver) == []


def test_first_view_fills_the_free_space_with_the_content(browser, page, graph, artifacts):
    open_page(browser, page)
    main = browser.execute_script("return kg.mainIds")
    assert len(main) == graph.number_of_nodes() - 24 - sum(i % 3 for i in range(24))  # all but the islands
    screen = browser.execute_script(SCREEN_JS, sorted(graph))
    xs, ys = [p["x"] for p in screen["points"]], [p["y"] for p in screen["points"]]
    assert min(xs) >= screen["left"] and max(xs) <= screen["right"]  # nothing under the panel or off screen
    assert min(ys) >= 0 and max(ys) <= screen["height"]
    free_width = screen["right"] - screen["left"]
    assert max(xs) - min(xs) >= 0.75 * free_width or max(ys) - min(ys) >= 0.75 * screen["height"]
    browser.save_screenshot(str(artifacts / "clustered-first-view.png"))
    _assert_clean(browser, page)


def test_areas_and_the_most_important_nodes_are_labelled_at_first(browser, page, graph):
    open_page(browser, page)
    assert browser.execute_script("return kg.network.getScale()") < 9 / 14  # vis-network's labels are off
    assert sorted(browser.execute_script("return kg.areaLabels()")) == [0, 1, 2]
    labelled = browser.execute_script("return kg.overlayLabels()")
    assert 10 <= len(labelled) <= 36
    terms = browser.execute_script(
        "const drawn = kg.areaLabels(); return kg.areas.filter(a => drawn.includes(a.community)).flatMap(a => a.terms)")
    named = set(labelled) | {n for n in graph if graph.nodes[n]["name"] in terms}  # by a label or an area's name
    top = sorted(graph, key=lambda n: -graph.nodes[n]["pagerank"])[:10]
    assert len(set(top) & named) >= 8
    assert len(set(top) & set(labelled)) >= 1
    rows = browser.find_elements(By.CSS_SELECTOR, "#kg-areas .kg-area-name")
    assert sorted(r.get_attribute("textContent")[:7] for r in rows) == ["Area 0 ", "Area 1 ", "Area 2 "]
    browser.find_element(By.CSS_SELECTOR, "#kg-show input[data-show=areas]").click()
    _settle(browser)
    assert browser.execute_script("return kg.areaLabels()") == []
    assert len(browser.execute_script("return kg.overlayLabels()")) > len(labelled) - 3  # room for node labels
    _assert_clean(browser, page)


def test_similar_paper_links_are_hidden_until_asked_for(browser, page, graph, artifacts):
    open_page(browser, page)
    related = [(a, b) for a, b, t in graph.edges(data="type") if t == "RELATED_TO"]
    total = graph.number_of_edges()
    assert len(related) > 200
    assert browser.execute_script("return kg.edgesView.length") == total - len(related)
    box = browser.find_element(By.CSS_SELECTOR, "#kg-show input[data-show=related]")
    assert not box.is_selected()
    box.click()
    assert browser.execute_script("return kg.edgesView.length") == total
    box.click()
    paper = max((n for n in graph if graph.nodes[n]["type"] == "Paper"),
                key=lambda n: sum(1 for e in related if n in e))
    own = [e for e in related if paper in e]
    browser.execute_script("kg.showNode(arguments[0], false)", paper)
    assert browser.execute_script("return kg.edgesView.length") == total - len(related) + len(own)
    rows = browser.find_elements(By.CSS_SELECTOR, "#kg-details .kg-similar")
    assert len(rows) == len(own)
    assert any("shares Area" in r.get_attribute("textContent") for r in rows)
    bright = set(browser.execute_script("return kg.nodes.get({filter: n => !n.kgFaded}).map(n => n.id)"))
    assert {b if a == paper else a for a, b in own} <= bright  # similar papers light up with the rest
    _settle(browser)
    screen = browser.execute_script(SCREEN_JS, sorted(bright))
    assert all(screen["left"] <= p["x"] <= screen["right"] for p in screen["points"])  # not under the panels
    browser.save_screenshot(str(artifacts / "clustered-paper-clicked.png"))
    browser.find_element(By.ID, "kg-details-close").click()
    assert browser.execute_script("return kg.edgesView.length") == total - len(related)
    _assert_clean(browser, page)


def test_an_area_in_the_list_zooms_to_its_papers(browser, page, graph):
    open_page(browser, page)
    before = browser.execute_script("return kg.network.getScale()")
    rows = browser.find_elements(By.CSS_SELECTOR, "#kg-areas .kg-area")
    assert len(rows) == 3
    rows[1].click()
    community = browser.execute_script("return kg.areas[1].community")
    members = sorted(n for n, c in graph.nodes(data="community") if c == community)
    WebDriverWait(browser, 5).until(lambda d: d.execute_script("return kg.network.getScale()") > before * 1.2)
    _settle(browser)
    screen = browser.execute_script(SCREEN_JS, members)
    assert all(screen["left"] <= p["x"] <= screen["right"] and 0 <= p["y"] <= screen["height"]
               for p in screen["points"])
    _assert_clean(browser, page)


def test_hostile_entity_names_in_areas_and_shared_lists_stay_text(browser, tmp_path, graph):
    G = graph.copy()
    hub = "method:area-0-method-0"
    G.nodes[hub]["name"] = HOSTILE_TITLE
    page = tmp_path / "hostile.html"
    write_html(G, page)
    open_page(browser, page)
    names = [r.get_attribute("textContent") for r in browser.find_elements(By.CSS_SELECTOR, "#kg-areas .kg-area-name")]
    assert any(HOSTILE_TITLE in name for name in names)
    paper = next(a for a, b, d in G.edges(data=True) if d["type"] == "RELATED_TO" and hub in d["shared"])
    browser.execute_script("kg.showNode(arguments[0], false)", paper)
    shares = [r.get_attribute("textContent") for r in browser.find_elements(By.CSS_SELECTOR, "#kg-details .kg-similar")]
    assert any(HOSTILE_TITLE in text for text in shares)
    assert browser.execute_script("return document.querySelectorAll('img').length") == 0
    _settle(browser)  # the canvas labels drew the name too, as text
    _assert_clean(browser, page)
