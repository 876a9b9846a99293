"""The field adviser's state in the page address, so that a link reproduces the advice.

The state describes a proposed request, never a person: a purpose id, the catalogue fields
ticked (by id), the field names typed or pasted (the header row only; data rows are never
read, see wizard.minimise.parse_field_text), and optionally the triage tool's answers for the
same share (``triage=``, the triage page's own query string, so the paperwork can hold both). A
short list rides in the address as it is (``fields=Name%0ADOB``); a long one (hundreds of
fields) is compressed with zlib and written as URL-safe base64 (``fz=...``) so the address stays
a manageable length.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlencode

from wizard.core.errors import WizardInputError
from wizard.minimise.advice import MAX_TEXT_CHARS

#: Above this many characters the typed field list is compressed in the address.
PLAIN_LIMIT = 1500


@dataclass(frozen=True)
class State:
    purpose: str = ""
    picked: tuple[str, ...] = ()  # catalogue field ids, as ticked
    typed: tuple[str, ...] = ()  # field names as typed or pasted, after reading
    edit: bool = False  # show the form (filled in) rather than the advice
    triage: str = ""  # the triage tool's query string for the same share ("v=2&purpose=..."), if any

    @property
    def has_fields(self) -> bool:
        return bool(self.picked or self.typed)


def to_query(state: State) -> str:
    params: list[tuple[str, str]] = []
    if state.purpose:
        params.append(("purpose", state.purpose))
    if state.picked:
        params.append(("pick", ",".join(state.picked)))
    if state.typed:
        joined = "\n".join(state.typed)
        if len(quote(joined, safe="")) <= PLAIN_LIMIT:
            params.append(("fields", joined))
        else:
            packed = zlib.compress(joined.encode("utf-8"), 9)
            params.append(("fz", base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")))
    if state.triage:
        params.append(("triage", state.triage))
    if state.edit:
        params.append(("edit", "1"))
    return urlencode(params, quote_via=quote, safe=",")


def _unpack(value: str) -> str:
    try:
        packed = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_TEXT_CHARS * 4)
        if inflater.unconsumed_tail:
            raise WizardInputError("The field list in this link is too long to read.")
        return raw.decode("utf-8")
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError) as problem:
        if isinstance(problem, WizardInputError):
            raise
        raise WizardInputError(
            "The field list in this link is damaged (it may have been cut short when it was copied). "
            "Enter the fields again below."
        ) from None


def from_query(query: str) -> State:
    """Read the state from a query string. Unknown parameters are ignored."""
    params = parse_qs(query.lstrip("?"), keep_blank_values=True)

    def first(name: str) -> str:
        values = params.get(name) or [""]
        return values[0]

    picked = tuple(item for item in first("pick").split(",") if item)
    packed = first("fz")
    text = _unpack(packed) if packed else first("fields")
    typed = tuple(line for line in text.split("\n") if line.strip())
    return State(first("purpose"), picked, typed, first("edit") == "1", first("triage"))
