"""``python -m wizard paperwork``: the paperwork bundle's files, written into a new folder.

The same files as the page's "Download the paperwork" button (README.txt, the three .odt
documents and the Markdown decision record), from a link to a triage result (or its query
string), a purpose and field names for the field adviser, or both. Everything is made in memory
first; the files are written into a temporary folder beside the one asked for, which is renamed
only when all of them are written, so a failure leaves nothing behind.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

from wizard.core.errors import WizardInputError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The subcommand's options, on ``parser``."""
    from wizard.core.purposes import purposes

    parser.description = textwrap.fill(
        "Write the paperwork for a proposed data share: a decision record (the ICO data sharing "
        "code's request form), a draft data sharing agreement and a DPIA screening note, as "
        "OpenDocument text files that Word and LibreOffice open, plus the decision record as "
        "Markdown and a README. They are filled from the triage tool's answers (a link to its "
        "result) and/or the field adviser's purpose and fields, with marked blanks for what only "
        "you know. Not legal advice.",
        width=90,
    )
    parser.epilog = "purposes:\n" + "\n".join(f"  {item.id:<18}{item.label}" for item in purposes())
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "--triage",
        metavar="LINK_OR_QUERY",
        default="",
        help="the link to a triage result (in quotes), or its query string, such as 'v=2&purpose=...'",
    )
    parser.add_argument(
        "--purpose",
        default="",
        choices=[item.id for item in purposes()],
        metavar="PURPOSE",
        help="what the data is for (taken from the triage answers when they are given)",
    )
    parser.add_argument(
        "--fields",
        nargs="+",
        default=[],
        metavar="FIELD",
        help='the data fields asked for, e.g. Name "Date of birth"',
    )
    parser.add_argument(
        "--output", required=True, metavar="DIR", help="a new (or empty) folder to write the files into"
    )


def _links(base: str, query: str, purpose: str, fields: tuple[str, ...]) -> list[tuple[str, str]]:
    from wizard.minimise.state import State, to_query
    from wizard.paperwork.facts import (
        ADVISER_LINK_LABEL,
        ADVISER_PAGE,
        TRIAGE_LINK_LABEL,
        TRIAGE_PAGE,
        sibling,
    )

    links = []
    if query:
        links.append((TRIAGE_LINK_LABEL, f"{sibling(base, TRIAGE_PAGE)}?{query}"))
    if fields:
        adviser = to_query(State(purpose, (), fields, triage=query))
        links.append((ADVISER_LINK_LABEL, f"{sibling(base, ADVISER_PAGE)}?{adviser}"))
    return links


def make_files(triage: str, purpose: str, fields: list[str]) -> list[tuple[str, bytes]]:
    """The bundle's files, from the command's arguments. Raises WizardInputError for a bad or
    stale triage link, unusable field names, a purpose that does not fit, or nothing to go on."""
    from wizard.minimise.advice import clean_names
    from wizard.paperwork.bundle import bundle_files
    from wizard.paperwork.facts import share_facts, split_link, triage_outcome
    from wizard.paperwork.odt import LibraryNeeded

    names = clean_names(fields)
    if len(names) != len(fields):
        raise WizardInputError("A field name is empty: give each field as a separate, non-empty argument.")
    finished = triage_outcome(triage) if triage.strip() else None
    base = split_link(triage)[0] if finished is not None else ""
    query = finished.query if finished is not None else ""
    chosen = purpose or (finished.route.answers.get("purpose", "") if finished is not None else "")
    facts = share_facts(finished, purpose, names, _links(base, query, chosen, names))
    try:
        return bundle_files(facts)
    except LibraryNeeded as needed:
        raise WizardInputError(str(needed)) from None


def write_folder(target: Path, files: list[tuple[str, bytes]]) -> None:
    """Write ``files`` into the folder ``target``, which must not exist or be empty: into a
    temporary folder beside it first, renamed only once every file is written (removed if not).
    Raises WizardInputError if ``target`` holds anything or its parent is not a folder, OSError
    if writing fails."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise WizardInputError(f"{target} already exists and is not an empty folder: choose a new folder.")
    parent = target.absolute().parent
    if not parent.is_dir():
        raise WizardInputError(f"The folder {parent} does not exist: create it first.")
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name or 'paperwork'}.", suffix=".part", dir=parent))
    try:
        for name, data in files:
            (scratch / name).write_bytes(data)
        os.chmod(scratch, 0o755)
        if target.exists():
            target.rmdir()  # empty, as checked above
        scratch.rename(target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def run(args: argparse.Namespace) -> int:
    """The subcommand: 0 with the files written and listed on standard output; 2 with a one-line
    message on standard error, and nothing written, for bad input."""
    try:
        if not args.triage.strip() and not args.fields:
            raise WizardInputError("Give --triage LINK_OR_QUERY, --purpose and --fields, or both.")
        files = make_files(args.triage, args.purpose, args.fields)
        target = Path(args.output)
        write_folder(target, files)
    except WizardInputError as problem:
        print(f"python -m wizard paperwork: {problem}", file=sys.stderr)
        return 2
    for name, data in files:
        print(f"{target / name} ({len(data):,} bytes)")
    return 0
