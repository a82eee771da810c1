"""Kleinberg's burst detection (Kleinberg 2003, the batched two-state automaton), as CiteSpace
uses it for citation and keyword bursts.

Each year t has r[t] relevant events out of d[t] (a concept: works using it out of all works of
that year; a work: citations it receives out of all citations made that year). The base state
expects the overall rate p0 = R / D, the burst state s x p0. The cheapest state sequence
(Viterbi) pays -log of the binomial likelihood of each year in its state plus gamma x log(n)
for every move up into the burst state (moving down is free). Runs of the burst state are the
bursts; a burst's weight is how much cheaper the burst state made its years.

Hand-written: the packaged implementations (`burst_detection`) pull in pandas and numpy for
forty lines of dynamic programming.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Burst:
    start: int  # first year in the burst state
    end: int  # last year in it
    weight: float  # cost saved by the burst state over its years (larger: stronger)


def _cost(p: float, r: int, d: int) -> float:
    """-log of the binomial likelihood of r events out of d at rate p."""
    if d == 0:
        return 0.0
    log_choose = math.lgamma(d + 1) - math.lgamma(r + 1) - math.lgamma(d - r + 1)
    return -(log_choose + r * math.log(p) + (d - r) * math.log1p(-p))


def kleinberg(
    years: list[int], r: list[int], d: list[int], *, s: float = 2.0, gamma: float = 1.0
) -> list[Burst]:
    """Bursts in the yearly series (years consecutive or not; r[i] <= d[i])."""
    n = len(years)
    total_r, total_d = sum(r), sum(d)
    if n == 0 or total_r == 0 or total_d == 0 or total_r == total_d:
        return []
    p0 = total_r / total_d
    p1 = min(s * p0, 0.9999)
    if p1 <= p0:
        return []
    up = gamma * math.log(n)
    costs = [[_cost(p0, r[t], d[t]), _cost(p1, r[t], d[t])] for t in range(n)]
    # Viterbi over the two states, starting in the base state
    best = [costs[0][0], up + costs[0][1]]
    back: list[list[int]] = []
    for t in range(1, n):
        stay0, from1_to0 = best[0], best[1]
        to1_from0, stay1 = best[0] + up, best[1]
        prev0 = 0 if stay0 <= from1_to0 else 1
        prev1 = 1 if stay1 <= to1_from0 else 0
        best = [min(stay0, from1_to0) + costs[t][0], min(to1_from0, stay1) + costs[t][1]]
        back.append([prev0, prev1])
    state = 0 if best[0] <= best[1] else 1
    states = [state]
    for t in range(n - 2, -1, -1):
        state = back[t][state]
        states.append(state)
    states.reverse()
    out: list[Burst] = []
    t = 0
    while t < n:
        if states[t] == 1:
            u = t
            while u + 1 < n and states[u + 1] == 1:
                u += 1
            weight = sum(costs[i][0] - costs[i][1] for i in range(t, u + 1))
            out.append(Burst(years[t], years[u], round(weight, 3)))
            t = u + 1
        else:
            t += 1
    return out


def series(
    events: dict[int, int], totals: dict[int, int]
) -> tuple[list[int], list[int], list[int]]:
    """Consecutive years from the first total to the last, with r and d per year (r <= d)."""
    if not totals:
        return [], [], []
    years = list(range(min(totals), max(totals) + 1))
    d = [totals.get(y, 0) for y in years]
    r = [min(events.get(y, 0), dd) for y, dd in zip(years, d)]
    return years, r, d
