"""The explorers in a real browser: JupyterLab + the system Chromium, driven by Playwright.

One module-scoped JupyterLab server (free loopback port, random token, a copy of
notebooks/explorers.ipynb in a temporary directory, isolated Jupyter config and
settings) and one headless Chromium (Debian's /usr/bin/chromium; never a browser
downloaded by ``playwright install``). The test opens the gallery, runs every
cell, waits for the kernel to go idle and every explorer's image to render, then
moves sliders with the keyboard as a learner would (focus the noUiSlider handle,
arrow keys), and checks that the figure changes and that no error reaches the page.

Missing Chromium or Playwright skips the test on a workstation, but fails it when
the environment variable CI is set: CI must run the browser test.

``COURSEKIT_SCREENSHOTS=1`` also writes screenshots to docs/screenshots/ (off by
default, so a test run never writes into the repository). A failure always leaves
a screenshot and the server log in pytest's tmp_path.
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explorers.ipynb"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 800}
# The gallery's explorers, in order: the code cells that call ``widgets.<name>_explorer(...)``.
EXPLORERS = [m.group(1) for cell in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
             if cell["cell_type"] == "code"
             for m in [re.search(r"\bwidgets\.(\w+)_explorer\(", "".join(cell["source"]))] if m]
SERVER_START_TIMEOUT = 60.0     # s, until /api/status answers
RUN_ALL_TIMEOUT = 60_000        # ms, Run All until idle with every image rendered
UPDATE_TIMEOUT = 20.0           # s, a slider change until the new figure arrives

# Anything a learner should never see. Error outputs render with the stderr MIME type in
# JupyterLab; the rest are ipywidgets' own failure messages and coursekit's status line.
ERROR_OUTPUT = ('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
                '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')
ERROR_TEXTS = ("Traceback", "Could not update", "Error displaying widget", "Error rendering view",
               "Model not found")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _require(condition: bool, reason: str) -> None:
    """Skip on a workstation, fail in CI, when the browser stack is missing."""
    if condition:
        return
    if _in_ci():
        pytest.fail(f"{reason} (CI is set, so the browser test must run; .ci/run installs "
                    f"Debian's chromium, and playwright comes with the test extra)", pytrace=False)
    pytest.skip(reason)


# ------------------------------------------------------------------ fixtures
def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM (the server then shuts its kernels down), SIGKILL to its session if it hangs."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # its own session: the server and its kernels
        process.wait(timeout=5)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server of our own on a free loopback port, serving a copy of the gallery.

    Yields a dict with ``url`` (base URL), ``token``, ``root`` (the served directory)
    and ``log`` (the server's log file). Stopped in teardown, whatever happened.
    """
    home = tmp_path_factory.mktemp("lab")
    root = home / "notebooks"
    root.mkdir()
    shutil.copy2(NOTEBOOK, root / NOTEBOOK.name)
    # Isolated Jupyter state: no user config, settings or workspace leaks in, and no
    # "fetch Jupyter news?" toast covers the page.
    env = dict(os.environ)
    for var, name in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                      ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                      ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("IPYTHONDIR", "ipython")]:
        (home / name).mkdir()
        env[var] = str(home / name)
    notification = home / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))

    port, token = _free_port(), secrets.token_hex(24)
    log_path = home / "server.log"
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               f"--IdentityProvider.token={token}",  # ServerApp.token is deprecated since jupyter_server 2
               f"--ServerApp.root_dir={root}", "--ServerApp.port_retries=0"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI containers often run as root
        command.append("--allow-root")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env,
                                   cwd=root, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"jupyter lab exited with code {process.returncode}:\n"
                            f"{log_path.read_text(errors='replace')}", pytrace=False)
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"jupyter lab did not answer on {url} within {SERVER_START_TIMEOUT:.0f} s:\n"
                            f"{log_path.read_text(errors='replace')}", pytrace=False)
            time.sleep(0.25)
        yield {"url": url, "token": token, "root": root, "log": log_path}
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def browser():
    """Headless system Chromium (skipped on a workstation without it, a failure in CI)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    _require(sync_playwright is not None,
             "playwright is not installed (pip install -e '.[test]')")
    _require(os.access(CHROMIUM, os.X_OK),
             f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                              headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


# ------------------------------------------------------------------ helpers
def _explorers(page):
    """The top-level VBox of each explorer, in notebook order."""
    return page.locator(".jp-OutputArea-output .widget-vbox:has(> .widget-gridbox)")


def _explorer(page, function: str):
    """The explorer shown by the code cell that calls ``widgets.<function>(...)``."""
    cell = page.locator(".jp-CodeCell").filter(has_text=re.compile(rf"\b{re.escape(function)}\("))
    return cell.locator(".widget-vbox:has(> .widget-gridbox)")


def _slider(explorer, label: str):
    """The slider whose description starts with ``label`` ("depth" finds "depth (hidden layers)")."""
    label_re = re.compile(r"^\s*" + re.escape(label))
    slider = explorer.locator(".widget-slider").filter(
        has=explorer.page.locator(".widget-label", has_text=label_re))
    assert slider.count() == 1, f"expected one slider labelled {label!r}, found {slider.count()}"
    return slider


def _image_digest(explorer) -> str:
    """SHA-256 of the PNG the explorer's image shows (the decoded bytes, not the blob URL)."""
    data = explorer.locator(".widget-image").evaluate(
        """async (img) => {
            if (!img.src) return null;
            const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
            let s = ""; for (let i = 0; i < bytes.length; i += 0x8000)
                s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
            return btoa(s);
        }""")
    assert data, "the explorer's image has no src"
    return hashlib.sha256(base64.b64decode(data)).hexdigest()


def _wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until the notebook has a kernel and it is idle. The toolbar's execution indicator
    alone is not enough: it reads "idle" while the notebook still has "No Kernel", and Run All
    then opens a "Select Kernel" dialog instead of running."""
    page.wait_for_function(
        """() => {
            const indicator = document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
            const name = document.querySelector('.jp-NotebookPanel .jp-KernelName');
            return indicator && indicator.dataset.status === 'idle' && name
                && name.textContent.trim() !== '' && name.textContent.trim() !== 'No Kernel';
        }""", timeout=timeout)


def _assert_no_errors(page, where: str) -> None:
    errors = page.locator(ERROR_OUTPUT)
    assert errors.count() == 0, f"{where}: error output in the notebook:\n" + "\n".join(
        errors.all_text_contents())
    # text_content, not inner_text: JupyterLab skips rendering off-screen cells
    # (content-visibility), and inner_text of a skipped cell is empty.
    text = "\n".join(page.locator(".jp-CodeCell .jp-OutputArea").all_text_contents())
    for bad in ERROR_TEXTS:
        assert bad not in text, f"{where}: {bad!r} in the outputs:\n{text[-2000:]}"


def _move_and_check(page, explorer, label: str, keys: list[str]) -> None:
    """Press ``keys`` on the slider's handle, one at a time: after each the readout and the
    figure (its PNG bytes) must change within UPDATE_TIMEOUT, and no error may appear."""
    slider = _slider(explorer, label)
    readout = slider.locator(".widget-readout")
    handle = slider.locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    handle.focus()
    for key in keys:
        before_value, before_png = readout.text_content().strip(), _image_digest(explorer)
        handle.press(key)
        after_value = before_value
        deadline = time.monotonic() + UPDATE_TIMEOUT
        while time.monotonic() < deadline:
            after_value = readout.text_content().strip()
            if after_value != before_value and _image_digest(explorer) != before_png:
                break
            page.wait_for_timeout(100)
        else:
            pytest.fail(f"{label!r}: {key} moved the readout {before_value!r} -> {after_value!r} "
                        f"but the figure did not change within {UPDATE_TIMEOUT:.0f} s")
        print(f"{label!r}: {key} {before_value} -> {after_value}, figure changed")
    _wait_idle(page)
    status = explorer.locator(":scope > .widget-html").text_content()
    assert "Could not update" not in status, f"{label!r} = {after_value}: {status}"
    _assert_no_errors(page, f"after moving {label!r} to {after_value}")


def _assert_layout_fits(page) -> None:
    """Labels shown in full (no ellipsis, nothing clipped) and nothing wider than the notebook:
    no horizontal scrollbar in an explorer, its output area or the notebook itself."""
    problems = page.evaluate(
        """() => {
            const out = [];
            const wide = (el, name) => { if (el && el.scrollWidth > el.clientWidth + 1)
                out.push(`${name} overflows: ${el.scrollWidth}px content in ${el.clientWidth}px`); };
            wide(document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer'), 'the notebook');
            document.querySelectorAll('.jp-OutputArea-output .widget-vbox').forEach((box, i) => {
                if (!box.querySelector(':scope > .widget-gridbox')) return;
                wide(box, `explorer ${i + 1}`);
                wide(box.closest('.jp-OutputArea-output'), `the output of explorer ${i + 1}`);
                box.querySelectorAll('.widget-label').forEach(label => {
                    const text = label.textContent.trim();
                    if (text && (label.scrollWidth > label.clientWidth + 1 || text.includes('\u2026')))
                        out.push(`explorer ${i + 1}: label "${text}" is cut off `
                                 + `(${label.scrollWidth}px of text in ${label.clientWidth}px)`);
                });
            });
            return out;
        }""")
    assert not problems, "layout does not fit the window:\n" + "\n".join(problems)


@contextlib.contextmanager
def _screenshot_on_failure(page, tmp_path: Path, lab: dict):
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            shutil.copy2(lab["log"], tmp_path / "server.log")
            print(f"browser test failed: screenshot and server log in {tmp_path}")
        raise


# ------------------------------------------------------------------ the test
def test_explorers_respond_to_sliders_in_jupyterlab(browser, lab, tmp_path):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        with _screenshot_on_failure(page, tmp_path, lab):
            page.goto(f"{lab['url']}/lab/tree/{NOTEBOOK.name}?token={lab['token']}")
            page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-CodeCell")
            _wait_idle(page, timeout=60_000)

            # Clear the stored outputs first, so every image below comes from this run.
            page.locator(".jp-Notebook").click(position={"x": 5, "y": 5})
            _menu(page, "Edit", "Clear Outputs of All Cells")
            page.wait_for_function(
                "[...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]"
                ".every(p => p.textContent.trim() === '[ ]:')"
                " && document.querySelectorAll('.widget-image').length === 0")
            _run_all(page)
            page.wait_for_function(
                """k => {
                    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
                    const images = [...document.querySelectorAll('.jp-OutputArea-output img.widget-image')];
                    return prompts.every(p => /^\\[\\d+\\]:$/.test(p.textContent.trim()))
                        && images.length === k && images.every(img => img.src && img.naturalWidth > 0);
                }""", arg=len(EXPLORERS), timeout=RUN_ALL_TIMEOUT)
            _wait_idle(page)
            assert _explorers(page).count() == len(EXPLORERS)
            _assert_no_errors(page, "after Run All")
            _assert_layout_fits(page)

            assert {"training", "gradient_flow"} <= set(EXPLORERS), EXPLORERS
            training = _explorer(page, "training_explorer")
            _move_and_check(page, training, "learning rate", ["ArrowRight"] * 3)
            _move_and_check(page, training, "depth", ["ArrowRight"] * 2)
            _move_and_check(page, training, "depth", ["ArrowLeft"])
            flow = _explorer(page, "gradient_flow_explorer")
            _move_and_check(page, flow, "depth", ["End"])
            handle = _slider(flow, "depth").locator(".noUi-handle")
            assert float(handle.get_attribute("aria-valuenow")) == float(handle.get_attribute("aria-valuemax"))

            if os.environ.get("COURSEKIT_SCREENSHOTS") == "1":
                _save_screenshots(page)
    finally:
        context.close()


def _menu(page, menu: str, item: str) -> None:
    """Choose a JupyterLab main-menu entry, as a learner would, and wait for the menu to close."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(rf"^{re.escape(menu)}$")).click()
    page.get_by_role("menuitem", name=re.compile(rf"^{re.escape(item)}")).click()
    page.wait_for_function("document.querySelectorAll('.lm-Menu').length === 0")


def _run_all(page) -> None:
    """Run > Run All Cells. Every code cell is queued at once, so its prompt turns [*]
    (or, for a fast cell, already shows its number)."""
    _menu(page, "Run", "Run All Cells")
    try:
        page.wait_for_function("[...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]"
                               ".some(p => p.textContent.trim() !== '[ ]:')", timeout=10_000)
    except Exception:  # playwright's TimeoutError: say why, e.g. a "Select Kernel" dialog
        dialogs = page.locator(".jp-Dialog").all_text_contents()
        pytest.fail(f"Run > Run All Cells did not start the run; dialogs on the page: {dialogs}")


def _save_screenshots(page) -> None:
    """docs/screenshots/: the JupyterLab window at 1280x800 and each explorer on its own.
    The pauses let JupyterLab paint cells it skipped while they were off screen
    (content-visibility); without them a screenshot can come out blank."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    explorers = _explorers(page)
    for i, name in enumerate(EXPLORERS):
        explorer = explorers.nth(i)
        explorer.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        explorer.screenshot(path=str(SCREENSHOTS / f"explorer_{name}.png"))
    _explorer(page, "training_explorer").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(SCREENSHOTS / "jupyterlab_1280x800.png"), full_page=True)
