"""Characters that must not reach XML or LaTeX output."""

from __future__ import annotations

import re

# Control characters XML 1.0 forbids, lone surrogates and non-characters.
XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
