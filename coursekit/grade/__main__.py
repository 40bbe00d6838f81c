"""``python -m coursekit.grade SUBMISSIONS --out gradebook.csv``: see coursekit.grade."""
from __future__ import annotations

import argparse
import re
import sys

from .grader import Settings
from .run import grade_class


def parse_size(text: str) -> int:
    """``2GiB``, ``512MiB``, ``1.5G`` or a number of bytes, as bytes."""
    match = re.fullmatch(r"\s*([\d.]+)\s*([KMGT]?)(i?B?)\s*", text, re.IGNORECASE)
    if not match:
        raise argparse.ArgumentTypeError(f"--memory must be a size such as 2GiB or 512MiB; got {text!r}")
    unit = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}[match.group(2).upper()]
    return int(float(match.group(1)) * unit)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.grade",
                                     description="Grade a class's notebooks with the course's checks.")
    parser.add_argument("submissions", help="folder with one folder per student, named by the student's id")
    parser.add_argument("--out", default="gradebook.csv", help="the gradebook CSV (summary.csv and feedback/ "
                                                               "are written next to it)")
    parser.add_argument("--instructor", help="folder of the instructor notebooks (default: the course's notebooks/)")
    parser.add_argument("--chapters", nargs="*", help="chapters to grade, e.g. 03 05 (default: those handed in)")
    parser.add_argument("--timeout", type=float, default=120.0, help="wall-time limit per notebook, seconds")
    parser.add_argument("--memory", type=parse_size, default=2 * 2**30, help="memory limit per notebook (2GiB)")
    parser.add_argument("--jobs", type=int, default=None, help="students graded at once (default: the cores)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the random cases, to reproduce a grade")
    parser.add_argument("--feedback", choices=("md", "html"), default="md", help="feedback file format")
    parser.add_argument("--allow-network", action="store_true", help="do not cut the notebooks off the network")
    args = parser.parse_args(argv)
    settings = Settings(timeout=args.timeout, memory=args.memory, block_network=not args.allow_network)
    try:
        rows = grade_class(args.submissions, args.out, instructor=args.instructor, chapters=args.chapters,
                           settings=settings, jobs=args.jobs, seed=args.seed, feedback=args.feedback)
    except (FileNotFoundError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {args.out} ({len(rows)} rows), summary.csv and feedback/ next to it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
