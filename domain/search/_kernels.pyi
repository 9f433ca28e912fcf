"""Types of the search's dense loops in C (domain/search/_kernels.c)."""

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

_Scores = npt.NDArray[np.float64]
_Mask = npt.NDArray[np.bool_]
_Docs = npt.NDArray[np.int32]

def match(
    vals: _Scores,
    creds: _Scores,
    alts: Sequence[tuple[_Docs, _Scores, float, float, bool]],
    allowed: _Mask | None,
    broader_below: int,
    /,
) -> tuple[int, int]: ...
def rank(
    scores: _Scores,
    coverage: _Scores,
    ranked: _Mask,
    units: Sequence[tuple[_Scores, _Scores, float, float]],
    bonuses: Sequence[tuple[_Docs, _Scores, float]],
    generalist: _Mask | None,
    allowed: _Mask | None,
    share: _Scores | None,
    services: Sequence[_Scores],
    min_coverage: float,
    service_coverage: float,
    /,
) -> tuple[float, int]: ...
def order(
    scores: _Scores,
    ranked: _Mask,
    wanted: int,
    groups: _Scores,
    own: _Scores | None,
    cutoff: float,
    least: float,
    most: float,
    /,
) -> tuple[list[int], list[float]]: ...
