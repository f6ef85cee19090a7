"""Page-test helpers for what is on screen: waiting for a settled frame, where nodes are drawn, clicking or
hovering a node where it is drawn, and the labels the page placed."""

from __future__ import annotations

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By


def settle(driver, wait_ms: int = 600) -> None:
    """Wait for view animations to end and a fresh frame to be drawn."""
    driver.execute_async_script(
        "const done = arguments[0]; setTimeout(() => { kg.network.once('afterDrawing', () => done());"
        f" kg.network.redraw(); }}, {wait_ms});")


def node_on_screen(driver, node: str) -> dict:
    """The node's centre in CSS px from the canvas' top left, and its drawn radius in CSS px."""
    return driver.execute_script(
        "const id = arguments[0]; const p = kg.network.canvasToDOM(kg.network.getPosition(id));"
        " return {x: p.x, y: p.y, r: kg.network.body.nodes[id].options.size * kg.network.getScale()};", node)


def nodes_alone(driver, candidates, gap: float) -> list[str]:
    """Those of `candidates` (in their order) shown beside the side panel, at least 20 px inside the
    canvas, with no other shown node within `gap` px (x and y distances summed): where a pointer can reach
    them and only them."""
    spots = driver.execute_script(
        "return Object.fromEntries(kg.nodesView.getIds().map(id =>"
        " [id, kg.network.canvasToDOM(kg.network.getPosition(id))]))")
    left, width, height = driver.execute_script(
        "const c = document.getElementById('kg-canvas');"
        " return [document.getElementById('kg-panel').getBoundingClientRect().right, c.clientWidth, c.clientHeight]")

    def alone(node: str) -> bool:
        x, y = spots[node]["x"], spots[node]["y"]
        return (left + 20 < x < width - 20 and 20 < y < height - 20 and all(
            abs(x - p["x"]) + abs(y - p["y"]) > gap for other, p in spots.items() if other != node))

    return [n for n in candidates if n in spots and alone(n)]


def _offset(driver, x: float, y: float) -> tuple[int, int]:
    """Selenium moves to offsets from an element's centre."""
    size = driver.execute_script(
        "const c = document.getElementById('kg-canvas'); return [c.clientWidth, c.clientHeight];")
    return round(x - size[0] / 2), round(y - size[1] / 2)


def click_at(driver, x: float, y: float) -> None:
    canvas = driver.find_element(By.ID, "kg-canvas")
    ActionChains(driver).move_to_element_with_offset(canvas, *_offset(driver, x, y)).click().perform()


def hover_at(driver, x: float, y: float) -> None:
    canvas = driver.find_element(By.ID, "kg-canvas")
    ActionChains(driver).move_to_element_with_offset(canvas, *_offset(driver, x, y)).perform()


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of label boxes (CSS px) whose text areas intersect."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]:
                found.append((a["text"], b["text"]))
    return found
