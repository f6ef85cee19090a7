"""The page in a real headless Chromium: offline, error-free, complete, searchable, filterable, and inert
to hostile text. Screenshots go to test-artifacts/html/ for a person to look at."""

from __future__ import annotations

import time

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from html_browser import console_errors, open_page, requested_urls
from html_graphs import (
    DIFFUSION_PAPER, HOSTILE_ID, HOSTILE_TITLE, LORA_PAPER, LORA_SENTENCE, grid_graph, lora_named_twice, sample_graph,
    tasks_and_concepts_graph,
)
from kg import model
from kg.export.html import write_html
from kg.export.html.layout import precomputed_layout

pytestmark = pytest.mark.browser


def _no_alert(driver) -> bool:
    try:
        driver.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


def _assert_offline_and_clean(driver, page) -> None:
    urls = requested_urls(driver)
    assert page.resolve().as_uri() in urls
    assert [u for u in urls if u != page.resolve().as_uri() and not u.startswith("data:")] == []
    assert console_errors(driver) == []


def _visible(driver) -> dict:
    return driver.execute_script(
        "return {nodes: kg.nodesView.length, edges: kg.edgesView.length,"
        " drawnNodes: kg.network.body.nodeIndices.length, drawnEdges: kg.network.body.edgeIndices.length}"
    )


def test_request_and_error_detectors_do_see_a_network_request(browser, tmp_path):
    """Guards the zero-request assertions below: a page that does fetch must be caught."""
    page = tmp_path / "fetching.html"
    page.write_text('<html><body><img src="http://127.0.0.1:9/probe.png"></body></html>', encoding="utf-8")
    requested_urls(browser)
    browser.get(page.as_uri())
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    assert "http://127.0.0.1:9/probe.png" in requested_urls(browser)
    assert console_errors(browser)


def test_page_loads_offline_with_every_node_and_edge(browser, tmp_path, artifacts):
    G = sample_graph()
    page = tmp_path / "graph.html"
    write_html(G, page)
    ready_ms = open_page(browser, page)
    assert ready_ms > 0
    counts = browser.execute_script("return [kg.nodes.length, kg.edges.length]")
    assert counts == [G.number_of_nodes(), G.number_of_edges()]
    assert _visible(browser) == {"nodes": 13, "edges": 12, "drawnNodes": 13, "drawnEdges": 12}
    ids = set(browser.execute_script("return kg.nodes.getIds()"))
    assert ids == set(G)
    assert browser.execute_script("return kg.network.physics.physicsEnabled") is False  # stabilized, then stopped
    legend = browser.find_elements(By.CSS_SELECTOR, "#kg-legend input[type=checkbox]")
    assert [box.get_attribute("data-type") for box in legend] == [
        "Paper", "Method", "Dataset", "Task", "Metric", "Concept", "Repository", "CodeOwner", "Author"]
    browser.save_screenshot(str(artifacts / "sample-graph.png"))
    _assert_offline_and_clean(browser, page)


def test_type_filter_hides_a_type_and_its_edges(browser, tmp_path):
    G = sample_graph()
    page = tmp_path / "graph.html"
    write_html(G, page)
    open_page(browser, page)
    methods = {n for n, t in G.nodes(data="type") if t == "Method"}
    kept_edges = [e for e in G.edges if not set(e) & methods]
    browser.find_element(By.CSS_SELECTOR, "#kg-legend input[data-type=Method]").click()
    hidden = _visible(browser)
    assert hidden["nodes"] == hidden["drawnNodes"] == G.number_of_nodes() - len(methods)
    assert hidden["edges"] == hidden["drawnEdges"] == len(kept_edges)
    browser.find_element(By.CSS_SELECTOR, "#kg-legend input[data-type=Method]").click()
    assert _visible(browser)["drawnNodes"] == G.number_of_nodes()
    _assert_offline_and_clean(browser, page)


def test_search_focuses_the_match_and_highlights_its_neighbourhood(browser, tmp_path, artifacts):
    G = sample_graph()
    page = tmp_path / "graph.html"
    write_html(G, page)
    open_page(browser, page)
    box = browser.find_element(By.ID, "kg-search")
    box.send_keys("denoising")
    results = browser.find_elements(By.CSS_SELECTOR, "#kg-results li")
    assert [r.get_attribute("textContent") for r in results] == ["PaperDenoising Diffusion for Image Synthesis"]
    box.send_keys(Keys.ENTER)
    assert browser.execute_script("return kg.network.getSelectedNodes()") == [DIFFUSION_PAPER]
    assert browser.find_element(By.CSS_SELECTOR, "#kg-details h2").text == "Denoising Diffusion for Image Synthesis"
    neighbourhood = {DIFFUSION_PAPER, *G.successors(DIFFUSION_PAPER), *G.predecessors(DIFFUSION_PAPER)}
    bright = set(browser.execute_script("return kg.nodes.get({filter: n => !n.kgFaded}).map(n => n.id)"))
    assert bright == neighbourhood
    # the view moves to show the match with all it links to, beside the panels
    time.sleep(0.6)  # the move is animated over 0.4 s
    WebDriverWait(browser, 5).until(lambda d: d.execute_script(
        "const ids = arguments[0], c = document.getElementById('kg-canvas');"
        "const left = document.getElementById('kg-panel').getBoundingClientRect().right;"
        "const right = document.getElementById('kg-details').getBoundingClientRect().left;"
        "return ids.every(id => { const p = kg.network.canvasToDOM(kg.network.getPosition(id));"
        " return p.x > left && p.x < right && p.y > 0 && p.y < c.clientHeight; })", sorted(neighbourhood)))
    browser.save_screenshot(str(artifacts / "search-focus.png"))
    box.clear()
    box.send_keys("no such node")
    assert [r.get_attribute("textContent") for r in browser.find_elements(By.CSS_SELECTOR, "#kg-results li")] == [
        "No match"]
    _assert_offline_and_clean(browser, page)


def test_hostile_title_is_shown_as_text_and_runs_nothing(browser, tmp_path, artifacts):
    page = tmp_path / "graph.html"
    write_html(sample_graph(), page)
    open_page(browser, page)
    browser.execute_script(
        "kg.network.moveTo({position: kg.network.getPosition(arguments[0]), scale: 2, animation: false})", HOSTILE_ID)
    canvas = browser.find_element(By.ID, "kg-canvas")
    ActionChains(browser).move_to_element_with_offset(canvas, 150, 150).move_to_element(canvas).perform()
    tooltip = browser.find_element(By.ID, "kg-tooltip")
    WebDriverWait(browser, 5).until(lambda d: tooltip.is_displayed())
    assert tooltip.find_element(By.CLASS_NAME, "kg-tip-title").get_attribute("textContent") == HOSTILE_TITLE
    browser.save_screenshot(str(artifacts / "hostile-tooltip.png"))
    ActionChains(browser).click(canvas).perform()
    assert browser.find_element(By.CSS_SELECTOR, "#kg-details h2").get_attribute("textContent") == HOSTILE_TITLE
    script_text = "We use LoRA <script>alert(5)</script> here."
    assert script_text in [e.get_attribute("textContent") for e in browser.find_elements(By.CLASS_NAME, "kg-evidence")]
    assert browser.execute_script("return document.querySelectorAll('#kg-details a').length") == 0  # javascript: URLs
    assert browser.execute_script("return document.querySelectorAll('img, b, script:not([id])').length") == 2
    assert browser.execute_script("return window.kgPwned === undefined")
    assert _no_alert(browser)
    _assert_offline_and_clean(browser, page)


def test_links_open_only_http_urls_in_a_new_tab(browser, tmp_path):
    page = tmp_path / "graph.html"
    write_html(sample_graph(), page)
    open_page(browser, page)
    browser.execute_script("kg.showNode(arguments[0], false)", "paper:arxiv:2106.09685")
    links = browser.find_elements(By.CSS_SELECTOR, "#kg-details a")
    assert [a.get_attribute("href") for a in links] == [
        "https://arxiv.org/abs/2106.09685", "https://github.com/microsoft/LoRA", "https://lora.example.org/"]
    assert {(a.get_attribute("target"), a.get_attribute("rel")) for a in links} == {("_blank", "noopener noreferrer")}
    _assert_offline_and_clean(browser, page)


def test_large_graph_uses_the_precomputed_layout_with_physics_off(browser, tmp_path, artifacts):
    G = grid_graph(papers=120, entities_per_paper=3, hubs=6)
    page = tmp_path / "large.html"
    report = write_html(G, page, seed=11)
    assert report.layout == "precomputed"
    open_page(browser, page)
    assert browser.execute_script("return [kg.nodes.length, kg.edges.length]") == [
        G.number_of_nodes(), G.number_of_edges()]
    expected = precomputed_layout(G, seed=11)
    drawn = browser.execute_script("return kg.network.getPositions()")
    assert {n: (p["x"], p["y"]) for n, p in drawn.items()} == expected
    assert browser.execute_script("return kg.network.physics.physicsEnabled") is False
    browser.save_screenshot(str(artifacts / "large-precomputed.png"))
    _assert_offline_and_clean(browser, page)


def test_reduced_and_ego_pages_say_what_they_left_out(browser, tmp_path, artifacts):
    G = grid_graph(papers=120, entities_per_paper=3, hubs=6)
    page = tmp_path / "reduced.html"
    report = write_html(G, page, max_nodes=100)
    open_page(browser, page)
    assert browser.execute_script("return kg.nodes.length") == report.nodes == 100
    omitted = browser.find_element(By.ID, "kg-omitted").text
    assert omitted == f"Left out of this view: {report.omitted['Paper']} Paper, {report.omitted['Dataset']} Dataset."
    assert "Reduced to 100 nodes" in browser.find_element(By.ID, "kg-notes").text
    assert browser.find_element(By.ID, "kg-summary").text == f"100 of 486 nodes · {report.edges} of 480 edges"
    browser.save_screenshot(str(artifacts / "reduced.png"))
    _assert_offline_and_clean(browser, page)
    ego = tmp_path / "ego.html"
    write_html(G, ego, focus="hub method 2", depth=1)
    open_page(browser, ego)
    assert browser.execute_script("return kg.network.getSelectedNodes()") == ["method:hub-2"]
    assert browser.execute_script("return kg.nodes.length") == 21
    browser.save_screenshot(str(artifacts / "ego.png"))
    _assert_offline_and_clean(browser, ego)


def test_search_ranks_an_exact_alias_before_titles_containing_it(browser, tmp_path):
    page = tmp_path / "graph.html"
    write_html(sample_graph(), page)
    open_page(browser, page)
    box = browser.find_element(By.ID, "kg-search")
    box.send_keys("lora")  # alias of the method "LoRA", and inside two paper titles and a repository
    found = browser.execute_script("return kg.find('lora').map(n => n.id)")
    assert found[0] == "method:lora"
    assert "paper:arxiv:2106.09685" in found
    assert browser.execute_script("return kg.find('low-rank adaptation')[0].id") == "method:lora"  # by alias
    _assert_offline_and_clean(browser, page)


def test_details_panel_says_how_many_links_the_view_left_out(browser, tmp_path):
    G = tasks_and_concepts_graph(papers=3, per_paper=11)
    paper = model.paper_id("2405.00000", None, "")
    page = tmp_path / "ego.html"
    write_html(G, page, focus="task:task-0-3", depth=1)
    open_page(browser, page)
    browser.execute_script("kg.showNode(arguments[0], false)", paper)
    headings = [p.text for p in browser.find_elements(By.CSS_SELECTOR, "#kg-details p.kg-muted")
                if "(" in p.text]
    assert headings == ["Concept (0 of 11 shown)", "Method (0 of 1 shown)", "Task (1 of 11 shown)"]
    listed = browser.find_elements(By.CSS_SELECTOR, "#kg-details li .kg-link-node")
    assert [a.text for a in listed] == ["Task 0-3"]
    _assert_offline_and_clean(browser, page)
    whole = tmp_path / "whole.html"
    write_html(G, whole)
    open_page(browser, whole)
    browser.execute_script("kg.showNode(arguments[0], false)", paper)
    headings = [p.text for p in browser.find_elements(By.CSS_SELECTOR, "#kg-details p.kg-muted")
                if "(" in p.text]
    assert headings == ["Concept (11)", "Method (1)", "Task (11)"]
    _assert_offline_and_clean(browser, whole)


def test_details_panel_shows_a_shared_sentence_once_naming_each_link(browser, tmp_path):
    page = tmp_path / "graph.html"
    write_html(lora_named_twice(), page)
    open_page(browser, page)
    browser.execute_script("kg.showNode(arguments[0], false)", LORA_PAPER)
    rows = browser.execute_script(
        "return [...document.querySelectorAll('#kg-details .kg-evidence')]"
        ".map(b => [b.previousSibling.textContent, b.textContent, b.querySelector('mark').textContent])")
    assert [row for row in rows if row[1] == LORA_SENTENCE] == [
        ["MENTIONS · low-rank; PROPOSES · LoRA", LORA_SENTENCE, "Low-Rank"]]  # links in edge order
    _assert_offline_and_clean(browser, page)


def test_reset_view_keeps_the_type_filters_as_set(browser, tmp_path):
    G = sample_graph()
    page = tmp_path / "graph.html"
    write_html(G, page)
    open_page(browser, page)
    methods = sum(1 for _, t in G.nodes(data="type") if t == "Method")
    browser.find_element(By.CSS_SELECTOR, "#kg-legend input[data-type=Method]").click()
    browser.find_element(By.ID, "kg-search").send_keys("denoising", Keys.ENTER)
    assert browser.execute_script("return kg.network.getSelectedNodes()") == [DIFFUSION_PAPER]
    browser.find_element(By.ID, "kg-reset").click()
    assert browser.execute_script("return kg.network.getSelectedNodes()") == []
    assert browser.find_element(By.ID, "kg-details").get_attribute("hidden") is not None
    assert not browser.find_element(By.CSS_SELECTOR, "#kg-legend input[data-type=Method]").is_selected()
    assert _visible(browser)["drawnNodes"] == G.number_of_nodes() - methods
    _assert_offline_and_clean(browser, page)


def test_paper_counts_read_as_english(browser, tmp_path):
    page = tmp_path / "graph.html"
    write_html(sample_graph(), page)
    open_page(browser, page)
    for node, expected in (("metric:fid", "1 paper"), ("method:lora", "3 papers")):
        browser.execute_script("kg.showNode(arguments[0], false)", node)
        facts = browser.find_element(By.CSS_SELECTOR, "#kg-details p.kg-muted").get_attribute("textContent")
        assert facts == expected, node


def test_a_node_a_gazetteer_entry_names_says_so_in_its_details(browser, tmp_path):
    G = sample_graph()
    G.nodes["method:lora"]["known"] = True
    G.nodes["metric:fid"]["known"] = False
    page = tmp_path / "graph.html"
    write_html(G, page)
    open_page(browser, page)
    for node, expected in (("metric:fid", "1 paper"), ("method:lora", "3 papers · a name in kg's lists")):
        browser.execute_script("kg.showNode(arguments[0], false)", node)
        facts = browser.find_element(By.CSS_SELECTOR, "#kg-details p.kg-muted").get_attribute("textContent")
        assert facts == expected, node
