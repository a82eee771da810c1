"""Words broken by a hyphen at a line end: 'organi-' + 'sation' is one word, 'co-' +
'production' a real compound.

The document itself is the first witness: a word it also writes closed ('organisation') is
joined, a compound it also writes hyphenated ('user-led') keeps its hyphen. Without a witness, or
when it writes both, a hyphen stays after a known prefix ('co-', 'non-', 'self-'), before a
capital ('EU-Institutions') and after an acronym; elsewhere the word is joined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Prefixes whose hyphen is real when a word breaks after them ('co-\nproduction'). Not 're',
# 'pro', 'ex', 'mid': they are more often a word's first syllable ('re-search', 'pro-cess').
# fmt: off
PREFIXES = frozenset([
    "co", "non", "self", "well", "cross", "multi", "anti", "post", "pre", "semi", "sub", "inter",
    "intra", "quasi", "neo", "socio", "meta", "macro", "micro", "super", "trans", "user",
    "citizen", "service", "public", "value", "state", "third", "long", "short",
])
# fmt: on

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_BROKEN_END = re.compile(r"([^\W\d_]+)-$")
_LEADING_WORD = re.compile(r"[^\W\d_]*")
_BREAK = re.compile(r"([^\W\d_]+)-[ \t]*\n[ \t]*([^\W\d_]+)")


def vocabulary(texts: Iterable[str]) -> set[str]:
    """Lower-case words and hyphenated compounds written in the texts (the witnesses)."""
    # one search over all the texts (a word never spans two of them), each word lowered once
    return {w.lower() for w in set(_WORD.findall("\n".join(texts)))}


def keeps_hyphen(left: str, right: str, vocab: set[str] | None = None) -> bool:
    """Whether 'left-' at a line end and 'right' at the next line's start form a compound."""
    if vocab is not None:
        hyphened = f"{left}-{right}".lower() in vocab
        if hyphened != (f"{left}{right}".lower() in vocab):  # one spelling witnessed
            return hyphened
    return right[:1].isupper() or left.isupper() or left.lower() in PREFIXES


def ends_broken(line: str) -> bool:
    """'the organi-' -> True: the line ends in a letter and a hyphen."""
    # most lines end otherwise: the search (from the line's start) only for those that may
    return line.endswith(("-", "-\n")) and _BROKEN_END.search(line) is not None


def join_broken(head: str, tail: str, vocab: set[str] | None = None) -> str:
    """'the organi-' + 'sation' -> 'the organisation'; 'the co-' + 'production' ->
    'the co-production'. Anything that is no broken word is simply concatenated."""
    m = _BROKEN_END.search(head)
    if not m or not tail or not tail[0].isalpha():
        return head + tail
    right = _LEADING_WORD.match(tail)
    rword = right.group(0) if right else ""
    return head + tail if keeps_hyphen(m.group(1), rword, vocab) else head[:-1] + tail


def join_line_breaks(text: str, vocab: set[str] | None = None) -> str:
    """'manage-\\nment' -> 'management', 'co-\\nproduction' -> 'co-production' in a whole
    text; the text is its own witness unless a vocabulary is given. A line that starts with a
    capital is left as it is ('Smith-\\nJones')."""
    words = vocabulary([text]) if vocab is None else vocab

    def repl(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        if not right[0].islower():
            return m.group(0)
        return f"{left}-{right}" if keeps_hyphen(left, right, words) else f"{left}{right}"

    return _BREAK.sub(repl, text)
