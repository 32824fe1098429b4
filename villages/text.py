"""Text as the app stores it: one Unicode form (NFC), no control characters a document
cannot hold, and a key under which two spellings of one name are the same name.

On the bottom floor so that every app's forms and services may use it."""

from __future__ import annotations

import re
import unicodedata

from django.utils.text import Truncator

# C0 controls except tab and newline, DEL, and the C1 controls. A carriage return is not
# in the set: browsers send "\r\n" for a line break, which is turned into "\n" first.
CONTROL_CHARACTERS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
NUL = "\x00"


def clean_text(text: str) -> str:
    """NFC, Unix line breaks and no control characters (except tab and newline). NUL is
    left in place: it is refused with a message, not silently removed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_CHARACTERS.sub("", text)


def name_key(name: str) -> str:
    """Two spellings of one name (NFC/NFD, upper/lower case, spaces) give one key."""
    return " ".join(clean_text(name).casefold().split())


def truncated(text: str, length: int) -> str:
    """The template filter `truncatechars` (an ellipsis past `length` characters), with
    its result for the usual text that fits computed without its loop over every
    character: Django returns such a text NFC-normalised and otherwise unchanged."""
    if len(text) <= length:
        return unicodedata.normalize("NFC", text)
    return Truncator(text).chars(length)
