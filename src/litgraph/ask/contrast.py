"""What a definition says about the dimensions scholars compare definitions on.

Definitions of co-production and its kin differ on who takes part (citizens, clients, users,
communities, the third sector), in which phase (design, delivery, ...), how (voluntary,
intrinsic, individual or collective) and what is produced (outputs, outcomes, value). This
module finds those terms in a definition, so `lineage` can show what each later definition
adds to the earlier ones and `link` what two sides' definitions do not share.
"""

from __future__ import annotations

import re

# dimension -> {term: pattern}; a term is reported by its name, once.
DIMENSIONS: dict[str, dict[str, str]] = {
    "who": {
        "citizens": r"citizens?", "clients": r"clients?", "users": r"(?:service[- ])?users?",
        "consumers": r"consumers?", "customers": r"customers?", "communities": r"communit(?:y|ies)",
        "residents": r"residents?", "volunteers": r"volunteers?",
        "third sector": r"third[- ]sector|voluntary organi[sz]ations?|non-?profits?",
        "professionals": r"professionals?|(?:public |professional )?staff|public (?:agents?|"
        r"employees?|servants?)|service agenc(?:y|ies)",
        "firms": r"firms?|compan(?:y|ies)|suppliers?",
    },
    "phase": {
        "design": r"design(?:ing)?", "delivery": r"deliver(?:y|ing)|provision",
        "planning": r"planning|commissioning", "initiation": r"initiat(?:ion|ing|e)",
        "implementation": r"implement(?:ation|ing)",
        "assessment": r"assess(?:ment|ing)|evaluat(?:ion|ing)",
        "governance": r"(?:co-?)?governance",
    },
    "how": {
        "voluntary": r"voluntar(?:y|ily)",
        "intrinsic": r"intrinsic|inalienable|inherent|involuntar(?:y|ily)|unavoidabl[ey]",
        "active": r"active(?:ly)?", "joint": r"joint(?:ly)?|together|alongside|pool(?:ing)?",
        "individual": r"individual", "group": r"group", "collective": r"collective",
        "relationship": r"relationships?|ongoing",
    },
    "result": {
        "outputs": r"outputs?", "outcomes": r"outcomes?", "value": r"value",
    },
}  # fmt: skip
_PATTERNS = {
    term: re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)
    for terms in DIMENSIONS.values()
    for term, pattern in terms.items()
}


def terms(sentence: str) -> tuple[str, ...]:
    """The dimension terms a definition uses, in the order of DIMENSIONS."""
    return tuple(t for t, p in _PATTERNS.items() if p.search(sentence))


def added(earlier: list[tuple[str, ...]], now: tuple[str, ...]) -> tuple[str, ...]:
    """Terms of this definition that no earlier definition used."""
    seen = {t for ts in earlier for t in ts}
    return tuple(t for t in now if t not in seen)
