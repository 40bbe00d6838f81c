"""``python -m coursekit.release``: the maintainers' command line."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .notebooks import CHAPTER_GLOB, chapter_paths, execute
from .site import GALLERY, build_site
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
    nbg = sub.add_parser("nbgrader", help="write an nbgrader course folder: source/<chapter>/ with nbgrader's "
                                          "cell metadata, and nbgrader_config.py")
    nbg.add_argument("src", nargs="?", default="notebooks", help="folder of instructor notebooks")
    nbg.add_argument("out", nargs="?", default="nbgrader-course", help="the course folder (created if missing)")
    nbg.add_argument("--seed", type=int, default=None, help="seed of the hidden tests' random cases")
    args = parser.parse_args(argv)
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


def _package_doc() -> str:
    from . import __doc__ as doc
    return doc
