"""Browser tests: the app under uvicorn in a background thread, Debian's Chromium driven by
Playwright for Python through its executable path (never `playwright install`).

Prerequisites (make test installs them): `apt-get install chromium` (/usr/bin/chromium),
`pip install playwright` in .venv (pinned in constraints/app.txt), and
`npm ci --prefix tests/browser` for axe-core. Without /usr/bin/chromium the tests are skipped.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from app.conftest import FakeRasa  # tests/app/conftest.py: pytest puts tests/ on sys.path (rootdir packages)
from connectors.config import AppConfig

CHROMIUM = os.environ.get("SERVICETORG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = HERE.parent.parent / "var" / "screenshots"


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: `apt-get install -y chromium` to run the browser tests")
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(skip)


class LiveServer:
    """The app (FakeRasa behind it) under uvicorn on a free 127.0.0.1 port, in a daemon thread."""

    def __init__(self, tmp_path: Path):
        import uvicorn

        from connectors.app import create_app

        self.fake_rasa = FakeRasa()
        config = replace(AppConfig(), database_url=f"sqlite:///{tmp_path / 'browser.db'}", secret_key="test-secret",
                         public_url="http://127.0.0.1", twilio_account_sid=None, twilio_auth_token=None,
                         twilio_from_number=None)
        self.app = create_app(config, brain=self.fake_rasa.client())
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def start(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture
def live_server(tmp_path):
    server = LiveServer(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    # Module scope, not session: sync Playwright keeps an asyncio loop running in this thread
    # while it is alive, and later tests (asyncio.run) must not find one.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 800})
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.js_errors = errors
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def axe_source() -> str:
    if not AXE.exists():
        if shutil.which("npm") is None:
            pytest.fail("axe-core is not installed and npm is missing: run `npm ci --prefix tests/browser`")
        pytest.fail(f"{AXE} is missing: run `npm ci --prefix tests/browser`")
    return str(AXE)


AXE_RUN = """async () => {
  const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
  return result.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.html) }));
}"""


def check_page(page, name: str, axe_source: str, violations: dict) -> None:
    """axe-core's WCAG 2.1 A/AA rules on the page as it is (violations collected under `name`),
    and no horizontal scrolling at 320 px or 1280 px."""
    page.add_script_tag(path=axe_source)
    found = page.evaluate(AXE_RUN)
    if found:
        violations[name] = found
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, f"{name} at {width} px"
