"""The link registry: one data file (docs/_data/links.yml) of every external address.

It holds each address the five sources print and each address the site links to, with its
status today. tools/links.py renders the "Useful links" page from it, and the content tests
check every external link on the built site against it.

Only addresses that work today are ever made clickable: a live page (``url``) or a UK
Government Web Archive capture (``archive``). An address as the sources printed it
(``old_addresses``) is shown as text, because following a dead government address can land on an
unrelated or hijacked page.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from tools.data_files import DataFileError, citation, load_yaml, validate
from tools.source_documents import cite

PAGE: Final = "reference/links.md"
DATA_FILE: Final = Path("_data") / "links.yml"


class Status(enum.StrEnum):
    LIVE = "live"  # the address works today
    MOVED = "moved"  # the address is dead; the same content is at the entry named in `current`
    ARCHIVED = "archived"  # the address is dead; a UK Government Web Archive capture is known
    GONE = "gone"  # the site or service has closed
    UNKNOWN = "unknown"  # not verified by our research

    @property
    def label(self) -> str:
        return {
            "live": "Live",
            "moved": "Moved",
            "archived": "Archived",
            "gone": "Gone",
            "unknown": "Not checked",
        }[self.value]


SCHEMA: Final = "links.schema.json"  # in tools/schemas/


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    intro: str | None = None


@dataclass(frozen=True)
class Link:
    id: str
    title: str
    group: str
    status: Status
    url: str | None = None
    archive: str | None = None
    old_addresses: tuple[str, ...] = ()
    cited_by: tuple[tuple[str, str | None], ...] = ()
    current: str | None = None
    note: str | None = None

    @property
    def href(self) -> str | None:
        """The one address of this entry that may be clicked, if any."""
        if self.status is Status.LIVE:
            return self.url
        if self.status is Status.ARCHIVED:
            return self.archive
        return None


@dataclass(frozen=True)
class Registry:
    groups: tuple[Group, ...]
    links: tuple[Link, ...]

    def by_id(self, link_id: str) -> Link:
        return next(link for link in self.links if link.id == link_id)

    def linkable(self) -> frozenset[str]:
        """Every external address a page may link to."""
        return frozenset(link.href for link in self.links if link.href)

    def entry_for_address(self, address: str) -> Link | None:
        """The entry that registers an address, whether as a live link, a capture or as cited."""
        for link in self.links:
            if address in (link.url, link.archive, *link.old_addresses):
                return link
        return None


def _problems(registry: Registry) -> Iterable[str]:
    group_ids = [group.id for group in registry.groups]
    if len(set(group_ids)) != len(group_ids):
        yield "two groups have the same id"
    ids: set[str] = set()
    addresses: dict[str, str] = {}
    for link in registry.links:
        name = f"{link.id!r}"
        if link.id in ids:
            yield f"{name}: the id is used twice"
        ids.add(link.id)
        if link.group not in group_ids:
            yield f"{name}: group {link.group!r} is not one of the groups"
        for address in (link.url, link.archive, *link.old_addresses):
            if address and address in addresses and addresses[address] != link.id:
                yield f"{name}: the address {address} is also registered by {addresses[address]!r}"
            if address:
                addresses.setdefault(address, link.id)
        if link.status is Status.LIVE and not link.url:
            yield f"{name}: a live entry needs the url that works today"
        if link.status is not Status.LIVE and link.url:
            yield f"{name}: only a live entry may have a url (put the old address in old_addresses)"
        if (link.status is Status.ARCHIVED) != bool(link.archive):
            yield f"{name}: an archived entry, and only an archived one, has an archive capture"
        if link.status is Status.MOVED and not link.current:
            yield f"{name}: a moved entry must name its new place in current"
        if not (link.url or link.old_addresses or link.cited_by):
            yield f"{name}: give an address, or the source that cites it without one"
    for link in registry.links:
        if link.current is None:
            continue
        target = next((other for other in registry.links if other.id == link.current), None)
        if target is None:
            yield f"{link.id!r}: current names {link.current!r}, which is not an entry"
        elif target.href is None:
            yield f"{link.id!r}: current names {link.current!r}, which has no working address"


def parse(data: Any, path: Path) -> Registry:
    validate(data, SCHEMA, path, "links", "id", {"link-statuses": [status.value for status in Status]})
    registry = Registry(
        groups=tuple(Group(g["id"], g["title"], g.get("intro", "").strip() or None) for g in data["groups"]),
        links=tuple(
            Link(
                id=item["id"],
                title=item["title"],
                group=item["group"],
                status=Status(item["status"]),
                url=item.get("url"),
                archive=item.get("archive"),
                old_addresses=tuple(item.get("old_addresses", ())),
                cited_by=tuple(citation(source) for source in item.get("cited_by", ())),
                current=item.get("current"),
                note=item.get("note", "").strip() or None,
            )
            for item in data["links"]
        ),
    )
    problems = list(_problems(registry))
    if problems:
        raise DataFileError(f"{path}:\n" + "\n".join(f"  {problem}" for problem in problems))
    return registry


def load(docs_dir: Path) -> Registry:
    path = docs_dir / DATA_FILE
    return parse(load_yaml(path), path)


def _entry_markdown(link: Link, registry: Registry) -> str:
    lines: list[str] = []
    status = f"**Status today:** {link.status.label}."
    if link.status is Status.ARCHIVED:
        status += " The link opens the copy kept in the UK Government Web Archive."
    if link.note:
        status += f" {link.note}"
    lines.append(status)
    if link.current:
        target = registry.by_id(link.current)
        lines.append(f"**Use today:** [{target.title}](#{target.id}).")
    if link.old_addresses:
        shown = ", ".join(f"`{address}`" for address in link.old_addresses)
        label = "As printed in the sources" if link.status is Status.LIVE else "Old address (not a link)"
        lines.append(f"**{label}:** {shown}")
    if link.cited_by:
        cited = "; ".join(cite(key, where, "sources.md") for key, where in link.cited_by)
        lines.append(f"**Cited in:** {cited}.")
    title = f"[{link.title}]({link.href})" if link.href else link.title
    # Hard line breaks keep each entry compact: one short paragraph per link.
    body = "  \n".join(lines).replace("\n", "\n    ")
    return f"{title} {{ #{link.id} }}\n:   {body}\n"


# Working addresses first, so each section starts with where to go today.
_STATUS_ORDER = {Status.LIVE: 0, Status.MOVED: 1, Status.ARCHIVED: 2, Status.GONE: 3, Status.UNKNOWN: 4}


INTRO: Final = """\
# Useful links

Every web address in the five source documents, and every address this site links to, with
its status as we found it in late 2026.

- **Live**: the address works today; the title is a link to it.
- **Moved**: the old address is dead; the entry points to the page that took its place.
- **Archived**: the old address is dead, and a copy survives in the
  UK Government Web Archive (UKGWA); the title is a link to that copy.
- **Gone**: the site or service has closed.
- **Not checked**: our research did not verify it. Many of these are likely dead.

Old addresses are shown as text, not links: a dead government address can now lead to an
unrelated site. If you need one of those documents, search for its title, or look it up in the
UK Government Web Archive.

!!! changed "Many services in the sources have closed"
    Government Connect (GCSx), the DWP Tab Tool, Neighbourhood Statistics and the Work
    Programme have all closed or been replaced, and sites such as dwp.gov.uk and idea.gov.uk no
    longer exist. Where there is a current equivalent, the entry names it under **Use today**.
    [What has changed since](changes-since.md) explains each change.
"""


def page_markdown(registry: Registry) -> str:
    """The Useful links page: one section per group, one definition-list entry per link."""
    sections = [INTRO]
    for group in registry.groups:
        members = sorted(
            (link for link in registry.links if link.group == group.id),
            key=lambda member: (_STATUS_ORDER[member.status], member.title.casefold()),
        )
        if not members:
            continue
        section = f"## {group.title} {{ #{group.id} }}\n\n"
        if group.intro:
            section += group.intro + "\n\n"
        entries = "\n".join(_entry_markdown(link, registry) for link in members)
        section += f'<div class="link-registry" markdown>\n\n{entries}\n</div>\n'
        sections.append(section)
    return "\n".join(sections)
