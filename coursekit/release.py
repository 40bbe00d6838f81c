"""Maintainer tools for the notebooks: re-execute them in place, deterministically.

    python -m coursekit.release execute notebooks/

Each notebook runs top to bottom in a fresh kernel started in the notebook's
own folder, and is written back with its outputs. No timing metadata is
recorded, so re-running an unchanged notebook changes nothing that git sees
(figures and numbers come from seeded generators).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

CHAPTER_GLOB = "[0-9][0-9]_*.ipynb"


def chapter_paths(folder) -> list[Path]:
    """The chapter notebooks in ``folder``, in chapter order."""
    return sorted(Path(folder).glob(CHAPTER_GLOB))


def execute(path, timeout: int = 120) -> None:
    """Run the notebook at ``path`` top to bottom and store its outputs in place."""
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    # Seeds and hashing fixed so that stored outputs are reproducible.
    env = dict(os.environ, PYTHONHASHSEED="0", MPLBACKEND="module://matplotlib_inline.backend_inline")
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute(env=env)  # passed on to the kernel manager, which starts the kernel with it
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.release", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("execute", help="re-execute chapter notebooks in place")
    run.add_argument("folder", nargs="?", default="notebooks")
    args = parser.parse_args(argv)
    if args.command == "execute":
        paths = chapter_paths(args.folder)
        if not paths:
            print(f"no chapter notebooks ({CHAPTER_GLOB}) in {args.folder}; nothing to execute")
        for p in paths:
            print(f"executing {p}")
            execute(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
