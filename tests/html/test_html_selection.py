"""Selecting on the page, in real headless Chromium: a click at first zoom lands on the paper rather than a
small node drawn over it, the selected node's links stand out while the rest fade, focus pages draw faded
nodes as small marks, and "Similar papers only" is one click away (and one click back)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from html_browser import console_errors, open_page
from html_graphs import clustered_graph
from html_screen import click_at, node_on_screen, nodes_alone, settle
from kg import model
from kg.export.html import write_html

pytestmark = pytest.mark.browser

# What vis-network draws for each edge: its width and colour as [r, g, b, alpha].
EDGE_LOOKS_JS = """
const parse = (c, opacity) => {
  if (c.startsWith('#')) { const v = parseInt(c.slice(1), 16); return [v >> 16, (v >> 8) & 255, v & 255, opacity]; }
  const p = c.match(/[\\d.]+/g).map(Number); return [p[0], p[1], p[2], (p.length > 3 ? p[3] : 1) * opacity];
};
return Object.values(kg.network.body.edges).map(e => ({from: e.fromId, to: e.toId, width: e.options.width,
  color: parse(e.options.color.color, e.options.color.opacity === undefined ? 1 : e.options.color.opacity)}));
"""


@pytest.fixture(scope="module")
def demo_page(demo_graph, tmp_path_factory):
    path = tmp_path_factory.mktemp("selection") / "demo.html"
    write_html(demo_graph, path)
    return path


def _papers(G) -> list[str]:
    return sorted(n for n, t in G.nodes(data="type") if t == model.PAPER)


def test_a_click_on_a_paper_selects_it_not_a_small_node_drawn_over_it(browser, demo_page, demo_graph):
    open_page(browser, demo_page)
    paper = max(_papers(demo_graph), key=lambda n: (demo_graph.degree(n), n))
    # a small node that comes after the paper in the page's data, i.e. was drawn over it
    small = max((n for n in demo_graph if n > paper and demo_graph.nodes[n]["type"] != model.PAPER),
                key=lambda n: (-demo_graph.degree(n), n))
    browser.execute_script("const p = kg.network.getPosition(arguments[0]);"
                           " kg.network.moveNode(arguments[1], p.x + 1, p.y)", paper, small)
    settle(browser, 50)
    assert browser.execute_script("return kg.network.getScale()") < 1  # the first, zoomed-out view
    spot = node_on_screen(browser, paper)
    click_at(browser, spot["x"], spot["y"])
    assert browser.execute_script("return kg.network.getSelectedNodes()") == [paper]
    details = browser.find_element(By.CSS_SELECTOR, "#kg-details h2").get_attribute("textContent")
    assert details == demo_graph.nodes[paper]["title"]
    # papers stay on top after a filter brings other nodes back (vis-network appends them)
    browser.execute_script("kg.setTypeVisible(arguments[0], false); kg.setTypeVisible(arguments[0], true)",
                           demo_graph.nodes[small]["type"])
    settle(browser, 50)
    order = browser.execute_script("return kg.network.body.nodeIndices")
    kinds = [demo_graph.nodes[n]["type"] == model.PAPER for n in order]
    assert kinds == sorted(kinds)  # every paper after every other node
    assert console_errors(browser) == []


def test_a_small_node_away_from_papers_is_still_clicked(browser, demo_page, demo_graph):
    open_page(browser, demo_page)
    small = sorted((n for n in demo_graph if demo_graph.nodes[n]["type"] != model.PAPER), key=demo_graph.degree)
    alone = nodes_alone(browser, small, 25)[0]
    spot = node_on_screen(browser, alone)
    click_at(browser, spot["x"], spot["y"])
    assert browser.execute_script("return kg.network.getSelectedNodes()") == [alone]


def test_the_selected_nodes_links_stand_out_and_the_rest_fade(browser, demo_page, demo_graph, artifacts):
    open_page(browser, demo_page)
    paper = max(_papers(demo_graph), key=lambda n: (demo_graph.degree(n), n))
    browser.execute_script("kg.showNode(arguments[0], false)", paper)
    settle(browser, 500)
    looks = browser.execute_script(EDGE_LOOKS_JS)
    lit = [e for e in looks if paper in (e["from"], e["to"])]
    faded = [e for e in looks if paper not in (e["from"], e["to"])]
    assert len(lit) == demo_graph.degree(paper) and faded
    for e in lit:  # thick, opaque and dark enough to read on the light background
        r, g, b, alpha = e["color"]
        assert e["width"] >= 2 and alpha >= 0.85
        assert 0.299 * r + 0.587 * g + 0.114 * b <= 170
    assert all(e["width"] <= 1 and e["color"][3] <= 0.2 for e in faded)
    browser.save_screenshot(str(artifacts / "demo-selected-links.png"))
    for scale in (0.05, 0.5, 2.0):  # at least 2 px on screen at any zoom
        browser.execute_script("kg.network.moveTo({scale: arguments[0]}); kg.network.redraw()", scale)
        lit = [e for e in browser.execute_script(EDGE_LOOKS_JS) if paper in (e["from"], e["to"])]
        assert min(e["width"] for e in lit) * scale >= 2
    browser.find_element(By.ID, "kg-details-close").click()
    looks = browser.execute_script(EDGE_LOOKS_JS)
    assert all(e["width"] == 1 for e in looks)  # back to rest


def test_a_focus_page_draws_faded_nodes_as_small_marks(browser, demo_graph, tmp_path, artifacts):
    focus = "method:low-rank-adaptation"
    assert focus in demo_graph
    page = tmp_path / "focus.html"
    report = write_html(demo_graph, page, focus=focus, depth=2)
    open_page(browser, page)
    settle(browser)
    sizes = browser.execute_script(
        "return Object.fromEntries(kg.nodes.get().map(n => [n.id, [Boolean(n.kgFaded),"
        " kg.network.body.nodes[n.id].options.size]]))")
    near = {focus} | set(demo_graph.successors(focus)) | set(demo_graph.predecessors(focus))
    faded = {n for n, (is_faded, _) in sizes.items() if is_faded}
    assert faded and faded == set(sizes) - near
    assert len(sizes) == report.nodes
    assert all(sizes[n][1] <= 3 for n in faded)
    assert max(sizes[n][1] for n in near) > 10  # the focus' neighbourhood keeps its size
    browser.save_screenshot(str(artifacts / "demo-focus.png"))
    browser.find_element(By.ID, "kg-details-close").click()
    restored = browser.execute_script(
        "return kg.nodes.get().map(n => kg.network.body.nodes[n.id].options.size)")
    assert max(restored) > 10 and sorted(restored)[len(restored) // 2] > 3


def test_similar_papers_only_is_one_click_and_one_click_back(browser, tmp_path, artifacts):
    G = clustered_graph()
    page = tmp_path / "clustered.html"
    write_html(G, page)
    open_page(browser, page)
    papers = sum(1 for _, t in G.nodes(data="type") if t == model.PAPER)
    related = sum(1 for *_, t in G.edges(data="type") if t == model.RELATED_TO)
    before = browser.execute_script("return [kg.nodesView.length, kg.edgesView.length]")
    button = browser.find_element(By.ID, "kg-papers-only")
    assert button.is_displayed() and button.text == "Similar papers only"
    button.click()
    assert browser.execute_script("return [kg.nodesView.length, kg.edgesView.length]") == [papers, related]
    ticked = [b.get_attribute("data-type") for b in browser.find_elements(By.CSS_SELECTOR, "#kg-legend input")
              if b.is_selected()]
    assert ticked == ["Paper"]
    assert browser.find_element(By.CSS_SELECTOR, "#kg-show input[data-show=related]").is_selected()
    assert button.get_attribute("aria-pressed") == "true"
    settle(browser)
    browser.save_screenshot(str(artifacts / "clustered-similar-papers-only.png"))
    button.click()  # back to what the reader had
    assert browser.execute_script("return [kg.nodesView.length, kg.edgesView.length]") == before
    assert not browser.find_element(By.CSS_SELECTOR, "#kg-show input[data-show=related]").is_selected()
    assert button.get_attribute("aria-pressed") == "false"
    button.click()  # on again, then the reader ticks a type: the preset ends and the filters stay as set
    browser.find_element(By.CSS_SELECTOR, "#kg-legend input[data-type=Method]").click()
    methods = sum(1 for _, t in G.nodes(data="type") if t == model.METHOD)
    assert browser.execute_script("return kg.nodesView.length") == papers + methods
    assert button.get_attribute("aria-pressed") == "false"
    browser.find_element(By.CSS_SELECTOR, "#kg-legend input[data-type=Paper]").click()  # papers hidden, then on
    button.click()
    assert browser.execute_script("return [kg.nodesView.length, kg.edgesView.length]") == [papers, related]
    assert console_errors(browser) == []


def test_no_preset_without_similar_paper_links(browser, demo_page, demo_graph):
    assert not any(t == model.RELATED_TO for *_, t in demo_graph.edges(data="type"))
    open_page(browser, demo_page)
    assert not browser.find_element(By.ID, "kg-papers-only").is_displayed()


def test_at_first_zoom_of_a_big_page_a_click_beside_a_tiny_paper_selects_it(browser, tmp_path):
    G = clustered_graph()
    page = tmp_path / "clustered.html"
    write_html(G, page)
    open_page(browser, page)
    for kind in {t for _, t in G.nodes(data="type")} - {model.PAPER}:  # room around the papers to click beside
        browser.execute_script("kg.setTypeVisible(arguments[0], false)", kind)
    paper = nodes_alone(browser, _papers(G), 24)[0]
    spot = node_on_screen(browser, paper)
    assert spot["r"] < 4  # a mark a few pixels wide
    click_at(browser, spot["x"] + spot["r"] + 3, spot["y"])  # just beside it
    assert browser.execute_script("return kg.network.getSelectedNodes()") == [paper]
    click_at(browser, spot["x"] + spot["r"] + 14, spot["y"])  # well away: nothing
    assert browser.execute_script("return kg.network.getSelectedNodes()") == []
