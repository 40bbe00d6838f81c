"""The explorers in a real browser: JupyterLab + the system Chromium, driven by Playwright.

One module-scoped JupyterLab server (free loopback port, random token, copies of
notebooks/explorers.ipynb and of every chapter notebooks/NN_*.ipynb in a temporary
directory, isolated Jupyter config and settings) and one headless Chromium (Debian's
/usr/bin/chromium; never a browser downloaded by ``playwright install``).

Each test opens one notebook in a page of its own, checks that every explorer shows its
stored picture and the line saying that running its cell brings the controls (never a
widget error: the stored notebooks keep no widget state), clears the stored outputs, runs
every cell, waits for the kernel to go idle and every explorer's image to render, and
then works the controls as a learner would: focus a slider's noUiSlider handle and
press keys, or pick another option in a dropdown's select element.

* The gallery test moves the "learning rate" and "depth" sliders of two explorers and
  requires every key press to change the figure.
* The chapter tests (one per chapter notebook) work EVERY control of EVERY explorer in
  the chapter: each slider gets a couple of ArrowRight presses ("learning rate" and
  "depth" sliders: End, Home, then two ArrowRight, so they end up at a position where
  the other controls still matter), and each dropdown is changed to its next option.
  Some positions legitimately draw the same picture (a step slider already at its end,
  a setting a model ignores), so a slider passes when at least one of its moves changes
  the figure and no move changes the status line (the result: loss, accuracy, step)
  without changing the figure; a dropdown change must always change the figure. A slider that is disabled (e.g.
  "depth" of a linear model) is tried again after the dropdowns have been changed.

"Changed" means the decoded pixels differ, not the PNG bytes: the first image an
explorer draws is compressed harder than the later ones, so equal pictures can have
different bytes. A key press that moved the slider is settled when the kernel has
answered every message the page sent it (the page exposes JupyterLab's app object, and
a probe counts shell messages sent and their "idle" replies), so a move that leaves the
picture as it was costs a fraction of a second instead of a timeout.

After every move: no "Could not update" in the explorer's status line; after every
control: no error output, traceback or widget error anywhere in the notebook, and no
uncaught JavaScript error in the page.

Missing Chromium or Playwright skips the tests on a workstation, but fails them when
the environment variable CI is set: CI must run the browser test.

``COURSEKIT_SCREENSHOTS=1`` also writes screenshots to docs/screenshots/ (off by
default, so a test run never writes into the repository): the gallery's explorers and
window, and per chapter its first explorer after its controls were worked
(chapter_NN.png). A failure always leaves screenshots (the page and the explorer being
worked) and the server log in pytest's tmp_path, and says which notebook, explorer,
control and key failed.
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import io
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
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

# Chromium driving JupyterLab: left out of make test-fast (-m "not browser").
pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "explorers.ipynb"
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 800}


def _explorer_calls(path: Path) -> list[str]:
    """The explorers a notebook shows, in order: the code cells that call ``widgets.<name>_explorer(...)``."""
    return [m.group(1) for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
            if cell["cell_type"] == "code"
            for m in [re.search(r"\bwidgets\.(\w+)_explorer\(", "".join(cell["source"]))] if m]


def _widget_cells(path: Path) -> int:
    """How many code cells show a widget with a picture: the explorers and chapter 08's drawing pad
    (which has no sliders grid, so the explorer tests leave its controls alone)."""
    return sum(1 for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
               if cell["cell_type"] == "code"
               and re.search(r"\bwidgets\.(\w+_explorer|drawing_pad)\(", "".join(cell["source"])))


EXPLORERS = _explorer_calls(NOTEBOOK)   # the gallery's
SERVER_START_TIMEOUT = 60.0     # s, until /api/status answers
RUN_ALL_TIMEOUT = 60_000        # ms, Run All until idle with every image rendered
UPDATE_TIMEOUT = 20.0           # s, a control change until the kernel has answered
QUIET = 0.3                     # s, a key press that moves nothing sends nothing in this time
IMAGE_GRACE = 1.0               # s, after the kernel's answer, for a new image to be shown
STATUS_GRACE = 0.2              # s, the same once the new status line is shown
# Keys pressed on each slider's handle. The full range for the sliders every chapter has;
# ending on two ArrowRight leaves them off their extremes (depth 0 would make width and
# activation meaningless for the controls that follow).
MOVE_KEYS = ["ArrowRight", "ArrowRight"]
FULL_RANGE_KEYS = ["End", "Home", "ArrowRight", "ArrowRight"]
FULL_RANGE_LABELS = ("learning rate", "depth")

# Anything a learner should never see. Error outputs render with the stderr MIME type in
# JupyterLab; the rest are ipywidgets' own failure messages and coursekit's status line.
ERROR_OUTPUT = ('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
                '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')
ERROR_TEXTS = ("Traceback", "Could not update", "Error displaying widget", "Error rendering view",
               "Model not found")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _screenshots_wanted() -> bool:
    return os.environ.get("COURSEKIT_SCREENSHOTS") == "1"


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
    """A JupyterLab server of our own on a free loopback port, serving copies of the gallery
    and of every chapter notebook.

    Yields a dict with ``url`` (base URL), ``token``, ``root`` (the served directory)
    and ``log`` (the server's log file). Stopped in teardown, whatever happened.
    """
    home = tmp_path_factory.mktemp("lab")
    root = home / "notebooks"
    root.mkdir()
    for notebook in [NOTEBOOK, *CHAPTERS]:
        shutil.copy2(notebook, root / notebook.name)
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
               f"--ServerApp.root_dir={root}", "--ServerApp.port_retries=0",
               # window.jupyterapp: the tests watch the kernel's messages to know when a change is done
               "--LabApp.expose_app_in_browser=True"]
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


# ------------------------------------------------------------------ opening a notebook
@contextlib.contextmanager
def _notebook_page(browser, lab: dict, tmp_path: Path, name: str):
    """A fresh page (in its own browser context) on notebook ``name``, for one test.

    Yields ``(page, where)``: ``where`` is a dict the test keeps up to date
    (``"what"``: the explorer and control being worked, ``"explorer"``: its locator).
    On failure: a screenshot of the page and of that explorer, the server log and the
    page's JavaScript errors go to ``tmp_path``. Always: the page is closed and the
    notebook's kernel shut down, so the next notebook has the machine to itself.
    """
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page_errors: list[str] = []
    console_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.on("console", lambda message: console_errors.append(message.text)
            if message.type == "error" else None)
    where = {"what": f"{name}: opening", "explorer": None}
    try:
        yield page, where
        assert not page_errors, f"{name}: uncaught JavaScript errors in the page:\n" + "\n".join(page_errors)
    except BaseException:
        stem = Path(name).stem
        with contextlib.suppress(Exception):
            print(f"\nbrowser test failed in {where['what']}")
            page.screenshot(path=str(tmp_path / f"failure_{stem}.png"))
            if where["explorer"] is not None:
                where["explorer"].scroll_into_view_if_needed()
                page.wait_for_timeout(500)
                where["explorer"].screenshot(path=str(tmp_path / f"failure_{stem}_explorer.png"))
            shutil.copy2(lab["log"], tmp_path / "server.log")
            if console_errors:
                print("console errors in the page:\n  " + "\n  ".join(console_errors))
            print(f"screenshots and server log in {tmp_path}")
        raise
    finally:
        context.close()
        _shut_down_kernels(lab, name)


def _shut_down_kernels(lab: dict, name: str) -> None:
    """Delete the server's sessions on notebook ``name`` (their kernels stop with them)."""
    def call(method: str, path: str):
        request = urllib.request.Request(f"{lab['url']}{path}", method=method,
                                         headers={"Authorization": f"token {lab['token']}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read()
    with contextlib.suppress(Exception):
        for session in json.loads(call("GET", "/api/sessions")):
            if session.get("path") == name:
                call("DELETE", f"/api/sessions/{urllib.parse.quote(session['id'])}")


def _open_and_run_all(page, lab: dict, name: str, n_explorers: int) -> None:
    """Open notebook ``name``, clear its stored outputs, Run All, and wait until every cell
    has run, the kernel is idle and the pictures of all its widgets (``n_explorers``
    explorers, and any drawing pad) are shown."""
    n_pictures = _widget_cells(lab["root"] / name)
    started = time.monotonic()
    # A workspace of its own: the default one would reopen the notebooks of earlier tests.
    workspace = re.sub(r"[^A-Za-z0-9-]", "-", Path(name).stem)
    page.goto(f"{lab['url']}/lab/workspaces/{workspace}/tree/{urllib.parse.quote(name)}?token={lab['token']}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-CodeCell")
    _wait_idle(page, timeout=60_000)
    _assert_stored_pictures(page, name, n_pictures)

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
        }""", arg=n_pictures, timeout=RUN_ALL_TIMEOUT)
    _wait_idle(page)
    assert _explorers(page).count() == n_explorers
    _install_kernel_probe(page)
    print(f"{name}: opened and ran all cells in {time.monotonic() - started:.1f} s")


def _assert_stored_pictures(page, name: str, n_widgets: int) -> None:
    """Before anything runs, each of the ``n_widgets`` widget cells shows its stored picture under
    the line that says running the cell brings the controls, and no widget error appears anywhere.

    Cells are scrolled into view one by one, as a reader would, since JupyterLab renders the
    outputs of off-screen cells only when they come near the viewport.
    """
    from coursekit.release import STORED_EXPLORER_NOTE

    cells = page.evaluate(
        """async note => {
            const notebook = window.jupyterapp.shell.currentWidget.content;
            const found = [];
            for (let i = 0; i < notebook.widgets.length; i++) {
                const cell = notebook.widgets[i];
                if (cell.model.type !== 'code') continue;
                const outputs = cell.model.outputs;
                let noted = false;
                for (let j = 0; j < outputs.length; j++) {
                    noted = noted || String(outputs.get(j).data['text/plain'] || '').includes(note);
                }
                if (!noted) continue;
                await notebook.scrollToItem(i, 'center');
                await new Promise(resolve => setTimeout(resolve, 300));
                const area = cell.node.querySelector('.jp-OutputArea');
                const pictures = [...cell.node.querySelectorAll('.jp-OutputArea img')]
                    .filter(img => (img.getAttribute('src') || '').startsWith('data:image/png') && img.naturalWidth > 0);
                found.push({index: i, note: !!area && area.textContent.includes(note), pictures: pictures.length});
            }
            return found;
        }""", STORED_EXPLORER_NOTE)
    assert len(cells) == n_widgets and all(c["note"] and c["pictures"] == 1 for c in cells), (
        f"{name} as opened: expected {n_widgets} explorer cells, each showing the note and one stored "
        f"picture; found {cells}")
    _assert_no_errors(page, f"{name} as opened, before running anything")


def _install_kernel_probe(page) -> None:
    """Count the shell messages the page sends to the kernel and forget each one when the
    kernel reports "idle" for it: ``pending == 0`` then means the kernel has answered
    everything, including a widget's value change and the figure it sent back."""
    problem = page.evaluate(
        """() => {
            const app = window.jupyterapp;
            if (!app) return 'window.jupyterapp is missing (--LabApp.expose_app_in_browser)';
            const panel = app.shell.currentWidget;
            const session = panel && panel.sessionContext && panel.sessionContext.session;
            const kernel = session && session.kernel;
            if (!kernel) return 'the current widget has no kernel: ' + (panel && panel.title.label);
            const traffic = window.__kernelTraffic = {sent: 0, pending: new Set()};
            kernel.anyMessage.connect((_, {msg, direction}) => {
                if (direction === 'send') {
                    if (msg.channel === 'shell') { traffic.sent++; traffic.pending.add(msg.header.msg_id); }
                } else if (msg.channel === 'iopub' && msg.header.msg_type === 'status'
                           && msg.content.execution_state === 'idle' && msg.parent_header) {
                    traffic.pending.delete(msg.parent_header.msg_id);
                }
            });
            return null;
        }""")
    assert problem is None, problem


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


def _controls(explorer) -> list[dict]:
    """The explorer's controls in grid order: ``kind`` ("slider", "dropdown" or the class
    list of anything else) and ``label``."""
    return explorer.evaluate(
        """box => [...box.querySelector(':scope > .widget-gridbox').children].map(c => ({
            kind: c.classList.contains('widget-slider') ? 'slider'
                : c.classList.contains('widget-dropdown') ? 'dropdown' : c.className,
            label: (c.querySelector('.widget-label') || {textContent: ''}).textContent.trim(),
        }))""")


def _control(explorer, index: int):
    return explorer.locator(":scope > .widget-gridbox > *").nth(index)


def _state(explorer, index: int | None = None) -> dict:
    """One look at the explorer: control ``index``'s position and shown value, the image's
    src (a blob URL, new for every new image), the status line, and the kernel traffic."""
    return explorer.evaluate(
        """(box, i) => {
            const control = i === null ? null : box.querySelector(':scope > .widget-gridbox').children[i];
            const handle = control && control.querySelector('.noUi-handle');
            const select = control && control.querySelector('select');
            const readout = control && control.querySelector('.widget-readout');
            const image = box.querySelector(':scope > img.widget-image');
            const status = box.querySelector(':scope > .widget-html');
            const traffic = window.__kernelTraffic || {sent: 0, pending: new Set()};
            return {
                position: handle ? handle.getAttribute('aria-valuenow')
                        : select ? String(select.selectedIndex) : null,
                shown: readout ? readout.textContent.trim()
                     : select && select.selectedIndex >= 0 ? select.options[select.selectedIndex].text : '',
                disabled: !!(control && control.querySelector('.noUi-target[disabled], select:disabled')),
                src: image ? image.src : '',
                status: status ? status.textContent.trim() : '',
                sent: traffic.sent,
                pending: traffic.pending.size,
            };
        }""", index)


def _image(explorer) -> tuple[str, str]:
    """The explorer's image now: its src (a blob URL, new for every new image) and the SHA-256
    of the pixels it shows (decoded, so two encodings of one picture agree)."""
    for _ in range(3):
        fetched = explorer.locator(":scope > img.widget-image").evaluate(
            """async img => {
                const src = img.src;
                if (!src) return null;
                try {
                    const bytes = new Uint8Array(await (await fetch(src)).arrayBuffer());
                    let s = ""; for (let i = 0; i < bytes.length; i += 0x8000)
                        s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
                    return {src, data: btoa(s)};
                } catch (e) { return {src, data: null}; }   // revoked: a newer image replaced it
            }""")
        assert fetched, "the explorer's image has no src"
        if fetched["data"] is not None:
            break
    else:
        pytest.fail("could not read the explorer's image (its blob URL kept being replaced)")
    src = fetched["src"]
    if src not in _DIGESTS:
        import PIL.Image  # a coursekit dependency
        with PIL.Image.open(io.BytesIO(base64.b64decode(fetched["data"]))) as image:
            pixels = image.convert("RGB")
            _DIGESTS[src] = hashlib.sha256(repr(pixels.size).encode() + pixels.tobytes()).hexdigest()
        if len(_DIGESTS) > 1000:
            _DIGESTS.pop(next(iter(_DIGESTS)))
    return src, _DIGESTS[src]


_DIGESTS: dict[str, str] = {}   # blob URL -> pixel digest


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


@dataclass
class Move:
    """What one key press (or one dropdown choice) did."""
    action: str
    before: str          # the shown value before
    after: str           # and after
    moved: bool          # the control's position changed
    changed: bool        # the figure's pixels changed
    seconds: float
    status: str          # the explorer's status line afterwards
    status_before: str = ""

    @property
    def result_changed(self) -> bool:
        """The status line (loss, accuracy, step, ...) says the result is a different one."""
        return self.status != self.status_before

    def __post_init__(self):  # ipywidgets shows option labels with no-break spaces
        self.action, self.before, self.after = (x.replace("\xa0", " ")
                                                for x in (self.action, self.before, self.after))

    def __str__(self) -> str:
        if not self.moved:
            return f"{self.action} {self.before} (did not move)"
        return (f"{self.action} {self.before}->{self.after} "
                f"{'new figure' if self.changed else 'same figure'} {self.seconds:.1f}s")


def _settle(page, explorer, index: int, before: dict, action: str, where: str) -> Move:
    """Wait until the change made to control ``index`` has been answered by the kernel
    (and its figure, if any, is shown), then compare the figure with ``before``'s."""
    started = time.monotonic()
    deadline = started + UPDATE_TIMEOUT
    while True:
        now = _state(explorer, index)
        moved = now["position"] != before["position"] or now["sent"] > before["sent"]
        if not moved and now["pending"] == 0 and time.monotonic() - started > QUIET:
            return Move(action, before["shown"], now["shown"], False, False,
                        time.monotonic() - started, now["status"], before["status"])
        if moved and now["sent"] > before["sent"] and now["pending"] == 0:
            break
        if time.monotonic() > deadline:
            pytest.fail(f"{where}: {action} {before['shown']!r} -> {now['shown']!r}: no answer from the "
                        f"kernel within {UPDATE_TIMEOUT:.0f} s (messages sent {now['sent'] - before['sent']},"
                        f" unanswered {now['pending']}); status line: {now['status']!r}", pytrace=False)
        page.wait_for_timeout(30)
    # The kernel's new image arrives before its "idle", but ipywidgets applies it asynchronously.
    # No new image at all is legitimate (the same picture, byte for byte, is not sent again):
    # wait a moment longer once the status line (set after the image) has changed, else longer.
    answered = time.monotonic()
    while now["src"] == before["src"]:
        waited = time.monotonic() - answered
        if waited > IMAGE_GRACE or (now["status"] != before["status"] and waited > STATUS_GRACE):
            break
        page.wait_for_timeout(30)
        now = _state(explorer, index)
    changed = now["src"] != before["src"] and _image(explorer)[1] != before["digest"]
    move = Move(action, before["shown"], now["shown"], True, changed, time.monotonic() - started,
                now["status"], before["status"])
    assert "Could not update" not in now["status"], f"{where}: {move}: {now['status']}"
    return move


def _before(explorer, index: int) -> dict:
    """The state before a change, with the digest of the figure shown."""
    while True:
        src, digest = _image(explorer)
        before = _state(explorer, index)
        if before["src"] == src:
            return {**before, "digest": digest}


def _press(page, explorer, index: int, key: str, where: str) -> Move:
    """Press ``key`` on the handle of slider ``index`` (focused, as after a click or Tab)."""
    before = _before(explorer, index)
    handle = _control(explorer, index).locator(".noUi-handle")
    handle.focus()
    handle.press(key)
    return _settle(page, explorer, index, before, key, where)


def _choose_next(page, explorer, index: int, where: str) -> Move:
    """Pick the option after the current one in dropdown ``index`` (the first after the last)."""
    before = _before(explorer, index)
    select = _control(explorer, index).locator("select")
    options = select.locator("option").all_text_contents()
    assert len(options) > 1, f"{where}: a dropdown with options {options}"
    target = options[(int(before["position"]) + 1) % len(options)]
    select.select_option(label=target)
    return _settle(page, explorer, index, before, f"choose {target!r}:", where)


def _move_and_check(page, explorer, label: str, keys: list[str]) -> None:
    """Press ``keys`` on the slider's handle, one at a time: each must move the slider and
    change the figure, and no error may appear."""
    _slider(explorer, label)  # exactly one
    index = next(i for i, c in enumerate(_controls(explorer)) if c["label"].startswith(label))
    _control(explorer, index).scroll_into_view_if_needed()
    for key in keys:
        move = _press(page, explorer, index, key, repr(label))
        print(f"{label!r}: {move}")
        assert move.moved and move.changed, f"{label!r}: {move}: the figure did not change"
    _wait_idle(page)
    _assert_no_errors(page, f"after moving {label!r} to {move.after}")


def _exercise_explorer(page, explorer, where: str) -> tuple[list[str], int]:
    """Work every control of ``explorer``: sliders (in grid order), then dropdowns, then any
    slider that was disabled at first. Returns one line per control for the log, and the
    number of key presses and choices made."""
    controls = _controls(explorer)
    unknown = [c for c in controls if c["kind"] not in ("slider", "dropdown")]
    assert not unknown, f"{where}: controls this test does not know how to work: {unknown}"
    log, deferred, actions = [], [], 0

    def slider(i: int, label: str) -> None:
        what = f"{where}, slider {label!r}"
        keys = FULL_RANGE_KEYS if label.startswith(FULL_RANGE_LABELS) else MOVE_KEYS
        _control(explorer, i).scroll_into_view_if_needed()
        moves = [_press(page, explorer, i, key, what) for key in keys]
        if not any(m.moved for m in moves):     # already at its maximum
            moves += [_press(page, explorer, i, "ArrowLeft", what) for _ in range(2)]
        nonlocal actions
        actions += len(moves)
        log.append(f"  slider {label!r}: " + " | ".join(map(str, moves)))
        assert any(m.changed for m in moves), (
            f"{what}: no move changed the figure: " + " | ".join(map(str, moves)))
        stale = [m for m in moves if m.result_changed and not m.changed]
        assert not stale, f"{what}: the status line changed but the figure did not:\n" + "\n".join(
            f"  {m}: {m.status_before!r} -> {m.status!r}" for m in stale)
        _assert_no_errors(page, f"{what} at {moves[-1].after}")

    for i, control in enumerate(controls):
        if control["kind"] == "slider":
            if _state(explorer, i)["disabled"]:
                deferred.append(i)
            else:
                slider(i, control["label"])
    for i, control in enumerate(controls):
        if control["kind"] == "dropdown":
            what = f"{where}, dropdown {control['label']!r}"
            _control(explorer, i).scroll_into_view_if_needed()
            move = _choose_next(page, explorer, i, what)
            actions += 1
            log.append(f"  dropdown {control['label']!r}: {move}")
            assert move.changed, f"{what}: {move}: the figure did not change"
            _assert_no_errors(page, f"{what} = {move.after!r}")
    for i in deferred:
        label = controls[i]["label"]
        assert not _state(explorer, i)["disabled"], (
            f"{where}: slider {label!r} is disabled, and still is after every dropdown was changed")
        slider(i, label)
    return log, actions


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


def _screenshot(page, element, path: Path) -> None:
    """A screenshot of ``element``. The pause lets JupyterLab paint cells it skipped while
    they were off screen (content-visibility); without it a screenshot can come out blank."""
    path.parent.mkdir(parents=True, exist_ok=True)
    element.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    element.screenshot(path=str(path))


# ------------------------------------------------------------------ the tests
def test_explorers_respond_to_sliders_in_jupyterlab(browser, lab, tmp_path):
    with _notebook_page(browser, lab, tmp_path, NOTEBOOK.name) as (page, where):
        _open_and_run_all(page, lab, NOTEBOOK.name, len(EXPLORERS))
        _assert_no_errors(page, "after Run All")
        _assert_layout_fits(page)

        assert {"training", "gradient_flow"} <= set(EXPLORERS), EXPLORERS
        training = where["explorer"] = _explorer(page, "training_explorer")
        where["what"] = f"{NOTEBOOK.name}: training_explorer"
        _move_and_check(page, training, "learning rate", ["ArrowRight"] * 3)
        _move_and_check(page, training, "depth", ["ArrowRight"] * 2)
        _move_and_check(page, training, "depth", ["ArrowLeft"])
        flow = where["explorer"] = _explorer(page, "gradient_flow_explorer")
        where["what"] = f"{NOTEBOOK.name}: gradient_flow_explorer"
        _move_and_check(page, flow, "depth", ["End"])
        handle = _slider(flow, "depth").locator(".noUi-handle")
        assert float(handle.get_attribute("aria-valuenow")) == float(handle.get_attribute("aria-valuemax"))

        if _screenshots_wanted():
            explorers = _explorers(page)
            for i, name in enumerate(EXPLORERS):
                _screenshot(page, explorers.nth(i), SCREENSHOTS / f"explorer_{name}.png")
            _explorer(page, "training_explorer").scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            page.screenshot(path=str(SCREENSHOTS / "jupyterlab_1280x800.png"), full_page=True)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_every_control_of_every_chapter_explorer(browser, lab, tmp_path, chapter):
    """Run All on an instructor chapter (solutions in place, so no cell fails), then work
    every control of every explorer in it."""
    functions = _explorer_calls(chapter)
    assert functions, f"{chapter.name} shows no explorer"
    with _notebook_page(browser, lab, tmp_path, chapter.name) as (page, where):
        _open_and_run_all(page, lab, chapter.name, len(functions))
        _assert_no_errors(page, f"{chapter.name}: after Run All")
        _assert_layout_fits(page)

        started, actions = time.monotonic(), 0
        explorers = _explorers(page)
        for k, function in enumerate(functions):
            explorer = where["explorer"] = explorers.nth(k)
            where["what"] = label = (f"{chapter.name}: explorer {k + 1} of {len(functions)} "
                                     f"({function}_explorer)")
            log, n = _exercise_explorer(page, explorer, label)
            actions += n
            print(label + "\n" + "\n".join(log))
            if k == 0 and _screenshots_wanted():
                _screenshot(page, explorer, SCREENSHOTS / f"chapter_{chapter.name[:2]}.png")
        _wait_idle(page)
        _assert_no_errors(page, f"{chapter.name}: after working every control")
        print(f"{chapter.name}: worked every control of {len(functions)} explorers "
              f"({actions} key presses and choices) in {time.monotonic() - started:.1f} s")
