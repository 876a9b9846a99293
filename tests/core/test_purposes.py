from wizard.core.purposes import purpose, purposes

SOURCE_KEYS = {"idea-2010", "dwp-guide", "dwp-2011", "nru-2005", "wp-ch21"}


def test_purpose_ids_are_unique_and_cited() -> None:
    ids = [item.id for item in purposes()]
    assert len(ids) == len(set(ids)) >= 5
    assert all(item.citation.source in SOURCE_KEYS and item.citation.where for item in purposes())


def test_unknown_purpose_names_the_known_ones() -> None:
    import pytest

    with pytest.raises(KeyError, match="planning"):
        purpose("marketing-blitz")
