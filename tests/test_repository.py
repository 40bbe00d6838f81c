"""The repository's own promises: pyproject.toml and environment.yml agree, CI calls
the README's test command, and the README's two commands exist."""
import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_names_the_same_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_packages = {_name(r) for r in project["dependencies"]}
    text = (ROOT / "environment.yml").read_text()
    section = text.split("dependencies:", 1)[1]
    # Top-level entries of the dependencies list only (the pip sub-list is indented deeper).
    conda_packages = {_name(item) for item in re.findall(r"^  - ([A-Za-z0-9_.-]+)", section, re.M)}
    conda_packages -= {"python", "pip"}
    assert pip_packages == conda_packages
    assert "-e ." in (ROOT / "environment.yml").read_text()  # conda installs coursekit itself too


def _floors(requirements) -> dict:
    """Package name -> the release after `>=` (every requirement here states a floor)."""
    return {_name(r): re.search(r">=\s*([0-9][0-9.]*)", r).group(1) for r in requirements}


def _same_release(a: str, b: str) -> bool:
    """'3.8' and '3.8.0' name the same release."""
    pad = lambda v: [int(p) for p in v.split(".")] + [0] * (4 - v.count("."))
    return pad(a) == pad(b)


def test_environment_yml_has_the_same_floors_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    section = (ROOT / "environment.yml").read_text().split("dependencies:", 1)[1]
    conda = _floors(r for r in re.findall(r"^  - (\S+>=\S+)", section, re.M) if _name(r) != "python")
    assert conda == _floors(project["dependencies"])


def test_oldest_constraints_pin_every_floor():
    """`make test-oldest` tests what pyproject.toml promises only while each pin in
    .ci/oldest-constraints.txt is the floor itself (`==floor`, or `==floor.*` for the floor's
    latest patch release)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    floors = _floors(project["dependencies"] + project["optional-dependencies"]["test"])
    text = (ROOT / ".ci" / "oldest-constraints.txt").read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.M))
    assert set(pins) == set(floors)
    for name, floor in floors.items():
        pin = pins[name]
        assert pin == f"{floor}.*" or _same_release(pin, floor), f"{name}: pinned {pin}, floor {floor}"


def test_python_floor_is_310():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.10"
    assert "python>=3.10" in (ROOT / "environment.yml").read_text()


def test_ci_runs_make_test():
    script = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test\b", script, re.M)


def test_readme_gives_the_two_commands_and_make_has_them():
    readme = (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    for target in ("lab", "test"):
        assert f"make {target}" in readme
        assert re.search(rf"^{target}:", makefile, re.M)


def test_notebooks_are_validated_strictly():
    makefile = (ROOT / "Makefile").read_text()
    assert "--nbval " in makefile and "nbval-lax" not in makefile
    assert (ROOT / "tests" / "nbval_sanitize.cfg").exists()


def test_every_relative_link_in_the_docs_resolves():
    """README.md and docs/*.md link to files (chapters, the screenshot, other pages, anchors
    aside): each must exist, so a rename cannot leave the front page pointing at nothing."""
    broken = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"```.*?```|`[^`\n]*`", "", text, flags=re.S)   # code shows links, it does not make them
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue                                   # a web address or an anchor on the page
            path = (page.parent / target.split("#")[0]).resolve()
            if not path.exists():
                broken.append(f"{page.relative_to(ROOT)} -> {target}")
    assert not broken, broken
    assert (ROOT / "docs" / "jupyterlab.png").stat().st_size > 20_000   # the front page's picture
