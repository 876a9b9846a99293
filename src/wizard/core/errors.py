"""Errors that carry what a person needs to put things right."""

from __future__ import annotations


class WizardInputError(ValueError):
    """Input a person gave that the tools cannot use.

    The message is written for the person, names where the problem is (row, column, value,
    field or question) and says what to do. It is shown as it is: never a traceback.
    """
