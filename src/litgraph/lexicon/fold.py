"""Unicode folding: text in any script to ASCII, so spellings of one name or word meet.

Transliteration keeps the letters that plain accent stripping loses: 'Sørensen' -> 'Sorensen',
'Łukasz' -> 'Lukasz', 'Straße' -> 'Strasse', 'Æ' -> 'Ae' (the anyascii tables). German umlauts
become the plain vowel ('Löffler' -> 'Loffler'); `names.family_key` also folds the written-out
'oe' spelling to it, so Löffler, Loeffler and Loffler meet.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def to_ascii(text: str) -> str:
    """'Grönroos' -> 'Gronroos', 'Sørensen' -> 'Sorensen': case, spaces and punctuation kept."""
    if text.isascii():
        return text
    return anyascii(unicodedata.normalize("NFC", text))


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: 'Löffler' -> 'loffler', 'Co-production' ->
    'coproduction'."""
    return _NON_ALNUM.sub("", to_ascii(text).lower())


def folded_words(text: str) -> list[str]:
    """The words of a text, each folded: 'Public Service-Dominant Logic' -> ['public',
    'service', 'dominant', 'logic']."""
    return [w for w in _NON_ALNUM.split(to_ascii(text).lower()) if w]
