"""Headless Chromium (Debian's package) driven by Selenium, against the app served over real HTTP.

Selenium Manager never downloads anything: the browser and driver paths are given explicitly and
SE_OFFLINE is set. Without chromium the browser tests skip with the reason, except in CI (CI=true),
where they fail. On a failing test, screenshots at phone and desktop width go to
$SCREENSHOT_DIR (default: test-screenshots/).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
AXE = Path(__file__).with_name("axe.min.js")
PHONE = (390, 844)
DESKTOP = (1280, 900)


def require_chromium() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not (Path(p).exists() or shutil.which(p))]
    if not missing:
        return
    reason = f"browser tests need Debian's chromium and chromium-driver ({', '.join(missing)} missing)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; in CI they must run (.ci/run installs them)")
    pytest.skip(reason)


class LiveServer:
    """The Flask app served by werkzeug in a thread, on a free port."""

    def __init__(self, app: Flask) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.server.server_close()


def start_chromium() -> Any:
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-extensions", "--no-first-run", f"--window-size={DESKTOP[0]},{DESKTOP[1]}"):  # fmt: skip
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    return driver


def save_screenshots(driver: Any, name: str) -> list[Path]:
    folder = Path(os.environ.get("SCREENSHOT_DIR", "test-screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for label, (width, height) in (("telefoon", PHONE), ("desktop", DESKTOP)):
        driver.set_window_size(width, height)
        path = folder / f"{name}-{label}.png"
        driver.save_screenshot(str(path))
        saved.append(path)
    return saved


def axe_violations(driver: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the current page."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done(String(e)));"
    )
    assert isinstance(result, list), result
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["html"][:120] for n in v["nodes"][:3]]}
        for v in result
        if v.get("impact") in ("serious", "critical")
    ]


def browser_fixture(request: pytest.FixtureRequest, app: Flask) -> Iterator[tuple[Any, str]]:
    require_chromium()
    driver = start_chromium()
    failed_before = request.session.testsfailed
    try:
        with LiveServer(app) as live:
            yield driver, live.url
            if request.session.testsfailed > failed_before:
                save_screenshots(driver, request.node.name)
    finally:
        driver.quit()
