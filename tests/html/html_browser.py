"""Headless Chromium for the page tests and the load benchmark: flags that keep it off the network, and
readers for what the page logged and requested.

The background-networking flags matter here: without them Chromium phones home at start-up, which both
adds requests unrelated to the page and fails on a machine with no outside network.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,900",
)


def chromium_paths() -> tuple[str, str] | None:
    """(browser, driver) executables, or None when scripts/install-chromium has not been run."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@contextmanager
def chromium() -> Iterator[webdriver.Chrome]:
    """A fresh headless Chromium with an empty profile that records console and network logs."""
    paths = chromium_paths()
    if paths is None:
        raise RuntimeError("chromium/chromedriver not found: run scripts/install-chromium")
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=paths[1]))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def console_errors(driver: webdriver.Chrome) -> list[str]:
    """Console messages of level SEVERE (errors, uncaught exceptions, CSP violations) since the last call."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def requested_urls(driver: webdriver.Chrome) -> list[str]:
    """Every URL pages asked for (CDP Network.requestWillBeSent / webSocketCreated) since the last call.

    Requests made by the browser's own chrome:// pages (the start-up new-tab page) are not the page's.
    """
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] not in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            continue
        params = message["params"]
        if str(params.get("documentURL", "")).startswith("chrome://"):
            continue
        urls.append(params.get("request", {}).get("url") or params.get("url", ""))
    return urls


def open_page(driver: webdriver.Chrome, path: Path, timeout: float = 30.0) -> float:
    """Load the page from its file and wait until it reports ready; returns window.kgReady (ms since navigation)."""
    from selenium.webdriver.support.ui import WebDriverWait

    requested_urls(driver)  # drain what earlier pages logged
    console_errors(driver)
    driver.get(path.resolve().as_uri())
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return window.kgReady || null"))
    return float(driver.execute_script("return window.kgReady"))
