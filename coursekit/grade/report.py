"""What grading writes: the gradebook, a summary per student and chapter, feedback per student."""
from __future__ import annotations

import csv
import html
from pathlib import Path

__all__ = [
    "GRADEBOOK_COLUMNS", "SUMMARY_COLUMNS", "feedback_html", "feedback_markdown", "gradebook_rows",
    "summary_rows", "write_csv", "write_feedback",
]

GRADEBOOK_COLUMNS = ("student", "chapter", "exercise", "points", "max_points", "status", "message")
SUMMARY_COLUMNS = ("student", "chapter", "points", "max_points", "seed", "notes")


def _number(x) -> str:
    return f"{x:g}"


def gradebook_rows(student: str, grades) -> list[dict]:
    """One row per chapter and exercise of one student's ``NotebookGrade`` list."""
    return [{"student": student, "chapter": g.chapter, "exercise": r.exercise, "points": _number(r.points),
             "max_points": _number(r.max_points), "status": r.status, "message": r.message}
            for g in grades for r in g.results]


def summary_rows(student: str, grades) -> list[dict]:
    return [{"student": student, "chapter": g.chapter,
             "points": _number(sum(r.points for r in g.results)),
             "max_points": _number(sum(r.max_points for r in g.results)),
             "seed": str(g.seed), "notes": "; ".join(g.notes)} for g in grades]


def write_csv(path, columns, rows) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


_MARK = {"passed": "✓", "failed": "✗", "error": "!", "timeout": "⏱", "missing": "?", "not run": "·"}


def feedback_markdown(student: str, grades) -> str:
    """A student's feedback: per chapter, each exercise with its result and the check's hint."""
    total = sum(r.points for g in grades for r in g.results)
    out_of = sum(r.max_points for g in grades for r in g.results)
    lines = [f"# Feedback for {student}", "", f"Total: {_number(total)} / {_number(out_of)} points.", ""]
    for g in grades:
        got = sum(r.points for r in g.results)
        lines += [f"## {g.chapter}: {_number(got)} / {_number(sum(r.max_points for r in g.results))}", "",
                  "| exercise | result | points | hint |", "|---|---|---|---|"]
        for r in g.results:
            hint = r.message.replace("|", "\\|") if r.message else ""
            lines.append(f"| `{r.exercise}` | {_MARK.get(r.status, '')} {r.status} | "
                         f"{_number(r.points)} / {_number(r.max_points)} | {hint} |")
        lines.append("")
    return "\n".join(lines)


def feedback_html(student: str, grades) -> str:
    """The same feedback as a standalone HTML page."""
    esc = html.escape
    parts = [f"<!doctype html><meta charset='utf-8'><title>Feedback for {esc(student)}</title>",
             f"<h1>Feedback for {esc(student)}</h1>"]
    for g in grades:
        got = sum(r.points for r in g.results)
        parts.append(f"<h2>{esc(g.chapter)}: {_number(got)} / {_number(sum(r.max_points for r in g.results))}</h2>")
        parts.append("<table><tr><th>exercise</th><th>result</th><th>points</th><th>hint</th></tr>")
        for r in g.results:
            parts.append(f"<tr><td><code>{esc(r.exercise)}</code></td><td>{esc(r.status)}</td>"
                         f"<td>{_number(r.points)} / {_number(r.max_points)}</td><td>{esc(r.message)}</td></tr>")
        parts.append("</table>")
    return "\n".join(parts) + "\n"


def write_feedback(folder, student: str, grades, fmt: str = "md") -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{student}.{'html' if fmt == 'html' else 'md'}"
    text = feedback_html(student, grades) if fmt == "html" else feedback_markdown(student, grades)
    path.write_text(text, encoding="utf-8")
    return path
