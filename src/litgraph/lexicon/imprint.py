"""Imprints: where and by whom a work appeared, stated once for the reference parser and the
reference-list splitter.

A place is one or two capitalised words, or words joined by a particle ('Rio de Janeiro',
'Frankfurt am Main', 'Newcastle upon Tyne'); places go in pairs ('London/New York') or with a
state ('Princeton, NJ', 'Washington, D.C.', 'Austin, Texas'). An imprint is places, a colon and
a publisher: 'Leeds: Thornbury Press', 'Ithaca, New York: Cornell University Press'. An
edition statement ('2nd ed.') stands between a title and its imprint.
"""

from __future__ import annotations

import re

from .names import PARTICLE, UPPER

# a word of a place name: 'London', 'St.', 'D.C.', the 'M' of 'Frankfurt/M'
_WORD = rf"[{UPPER}](?:[\w'’-]*|[a-z]{{0,2}}\.|(?:\.[{UPPER}])+\.?)"
_PLACE = (
    rf"{_WORD}(?:\s{_WORD})?(?:(?:\s(?:{PARTICLE}|do|am|an|upon|on|sur)){{1,2}}\s{_WORD})?"
    r"(?:\s?a\.\s?M\.?)?"
)
_SEP = r"\s*[/,–-]\s*"

# one place between commas: 'New Haven', 'CT', 'São Caetano do Sul'
PLACE = re.compile(_PLACE)
# places only: 'London', 'London/New York', 'Frankfurt a.M.', 'Ithaca, New York'
PLACES = re.compile(rf"{_PLACE}(?:{_SEP}{_PLACE}){{0,2}}")
# before a publisher: a place, or two ('Oxford and Cambridge'), or a place and its state
_IMPRINT_PLACE = rf"{_PLACE}(?:(?:{_SEP}|\s(?:and|&|und)\s){_PLACE})?"
# a segment that starts with where a book appeared: 'Princeton, NJ: ...'
PLACE_COLON = re.compile(rf"^{_IMPRINT_PLACE}\s*:\s")
# place(s), colon, publisher (groups 1 and 2), ending at a full stop, comma or the end
IMPRINT = re.compile(
    rf"(?<![\w'’.-])({_IMPRINT_PLACE})\s*:\s*([{UPPER}][^.:;]{{1,60}}?)(?:[.,;]|\s*$)"
)
# a wrapped line holding only an imprint, perhaps after the last words of a title: 'Woodbridge,
# Suffolk: The Boydell Press.', 'Tradition. Cambridge: Cambridge University Press.'
IMPRINT_LINE = re.compile(
    rf"^(?:[^.:]{{1,40}}\.\s+)?{_PLACE}(?:{_SEP}{_PLACE}){{0,2}}\s*:\s*[{UPPER}][^:]{{0,70}}$"
)
# an edition statement: '2nd ed.', '4th edn', '3rd rev. edition', '2. Edition', '8. Aufl.'
EDITION = (
    r"\d{1,2}(?:st|nd|rd|th|\.)\s*(?:(?:rev|erw|überarb)\w*\.?\s+)?"
    r"(?:edition|edn|ed|aufl\s?age|aufl\w*)\b\.?"
)
# a publisher's name by its last word: 'MIT Press', 'Westdeutscher Verlag'
PUBLISHER_END = re.compile(r"\b(?:Press|Verlag|Publishers?|Publishing|Books)$")
