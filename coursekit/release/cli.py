"""``python -m coursekit.release``: the maintainers' command line."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .notebooks import CHAPTER_GLOB, chapter_paths, execute
from .site import GALLERY, build_site
from .slides import SLIDE_TAGS, build_slides, suggest_slide_tags
from .student import MarkerError, make_student

__all__ = ["main"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.release", description=_package_doc(),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("execute", help="re-execute the chapter notebooks and the explorer gallery in place")
    run.add_argument("folder", nargs="?", default="notebooks")
    stu = sub.add_parser("student", help="write the student version of every chapter notebook")
    stu.add_argument("src", nargs="?", default="notebooks", help="folder of instructor notebooks")
    stu.add_argument("out", nargs="?", default="student", help="folder to write (created if missing)")
    web = sub.add_parser("html", help="render every chapter, with its stored outputs, to static HTML pages")
    web.add_argument("src", nargs="?", default="notebooks", help="folder of instructor notebooks")
    web.add_argument("out", nargs="?", default="site", help="folder to write (created if missing)")
    deck = sub.add_parser("slides", help="write a reveal.js deck for every chapter with slide tags (no network needed)")
    deck.add_argument("src", nargs="?", default="notebooks", help="folder of instructor notebooks")
    deck.add_argument("out", nargs="?", default="slides", help="folder to write (created if missing)")
    tag = sub.add_parser("tag-slides", help="show a chapter's slide tags, or propose some if it has none")
    tag.add_argument("notebooks", nargs="+", help="chapter notebooks")
    tag.add_argument("--write", action="store_true", help="store the proposed tags (only in a chapter with none)")
    nbg = sub.add_parser("nbgrader", help="write an nbgrader course folder: source/<chapter>/ with nbgrader's "
                                          "cell metadata, and nbgrader_config.py")
    nbg.add_argument("src", nargs="?", default="notebooks", help="folder of instructor notebooks")
    nbg.add_argument("out", nargs="?", default="nbgrader-course", help="the course folder (created if missing)")
    nbg.add_argument("--seed", type=int, default=None, help="seed of the hidden tests' random cases")
    args = parser.parse_args(argv)
    if args.command == "slides":
        return _slides(args.src, args.out)
    if args.command == "tag-slides":
        return _tag_slides([Path(p) for p in args.notebooks], args.write)
    if args.command == "nbgrader":
        from .nbgrader import make_nbgrader_course      # it loads the checks, which nothing else here needs
        for p in make_nbgrader_course(args.src, args.out, seed=args.seed):
            print(f"wrote {p}")
        return 0
    if args.command == "html":
        try:
            built = build_site(args.src, args.out)
        except (ValueError, FileNotFoundError) as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
        for p in built["pages"]:
            print(f"wrote {p}")
        if not built["offline_math"]:
            print("note: no local MathJax found (pip install jupyter-server-mathjax), so the pages load "
                  "MathJax from a CDN: equations need the network.", file=sys.stderr)
        print(f"open {Path(args.out) / 'index.html'} in a browser")
        return 0
    if args.command == "student":
        try:
            written = make_student(args.src, args.out)
        except (MarkerError, ValueError, FileNotFoundError) as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
        if not written:
            print(f"no chapter notebooks ({CHAPTER_GLOB}) in {args.src}; nothing to write")
        for p in written:
            print(f"wrote {p}")
        return 0
    if args.command == "execute":
        paths = chapter_paths(args.folder)
        if not paths:
            print(f"no chapter notebooks ({CHAPTER_GLOB}) in {args.folder}; nothing to execute")
        gallery = Path(args.folder) / GALLERY
        if gallery.is_file():   # it shows the chapters' explorers, so it goes stale with them
            paths.append(gallery)
        for p in paths:
            print(f"executing {p}")
            execute(p)
    return 0


def _slides(src, out) -> int:
    try:
        built = build_slides(src, out)
    except (ValueError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for p in built["decks"]:
        print(f"wrote {p}")
    for p in built["untagged"]:
        print(f"note: {p.name} has no slide tags, so no deck (python -m coursekit.release tag-slides {p})",
              file=sys.stderr)
    print(f"open {Path(out) / 'index.html'} in a browser")
    return 0


def _tag_slides(paths, write: bool) -> int:
    """Print each chapter's slide cells; propose tags where it has none, and store them with ``write``."""
    import nbformat

    for path in paths:
        nb = nbformat.read(path, as_version=4)
        current = {at: (tag, cell.metadata.get("slideshow", {}).get("slide_type"))
                   for at, cell in enumerate(nb.cells) for tag in cell.metadata.get("tags", []) if tag in SLIDE_TAGS}
        chosen = current or suggest_slide_tags(nb)
        verb = "is tagged" if current else ("gets these tags" if write else "would get these tags (--write stores them)")
        print(f"{path} {verb}:")
        for at, (tag, slide_type) in chosen.items():
            cell = nb.cells[at]
            first = cell.source.strip().split("\n", 1)[0][:60] if cell.source.strip() else ""
            print(f"  cell {at:3d}  {cell.cell_type:8s}  {tag:10s}  {slide_type or '':8s}  {first}")
        if write and not current:
            for at, (tag, slide_type) in chosen.items():
                nb.cells[at].metadata.setdefault("tags", []).append(tag)
                if slide_type:
                    nb.cells[at].metadata["slideshow"] = {"slide_type": slide_type}
            nbformat.write(nb, path)
    return 0


def _package_doc() -> str:
    from . import __doc__ as doc
    return doc
