"""Documents as Markdown text: the plain-text form of the paperwork (and of the decision record the
triage outcome offers), readable anywhere and easy to paste."""

from __future__ import annotations

from collections.abc import Sequence

from wizard.paperwork.document import Blank, Bullets, Document, Heading, Paragraph, Run, Strong, Table


def _md_escape(text: str) -> str:
    """Text with the characters that would break a Markdown table or start emphasis neutralised
    (addresses keep their underscores: renderers leave them alone inside words)."""
    return text.replace("|", "\\|").replace("*", "\\*")


def _runs(parts: Sequence[Run]) -> str:
    out = []
    for part in parts:
        if isinstance(part, Strong):
            out.append(f"**{_md_escape(part.text).strip()}**" + (" " if part.text.endswith(" ") else ""))
        elif isinstance(part, Blank):
            out.append(_md_escape(part.text()))
        else:
            out.append(_md_escape(part))
    return "".join(out).replace("\n", " ")


def to_markdown(document: Document) -> str:
    """The document as Markdown (UTF-8 text ending in a newline)."""
    lines = [f"# {_md_escape(document.title)}", ""]
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += ["#" * max(2, block.level) + " " + _md_escape(block.text), ""]
        elif isinstance(block, Paragraph):
            lines += [_runs(block.runs), ""]
        elif isinstance(block, Bullets):
            lines += [f"- {_runs(item)}" for item in block.items] + [""]
        elif isinstance(block, Table):
            if block.caption:
                lines += [f"*{_md_escape(block.caption)}*", ""]
            lines += ["| | |", "|---|---|"]
            lines += [f"| **{_md_escape(label)}** | {_runs(value)} |" for label, value in block.rows]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
