"""Candidate generation for the batch path: sparse top-k products (sparse_dot_topn or a
blocked scipy fallback), spatial tiles for people with a travel limit, and the bounds that
let batch.py certify a list (see its docstring)."""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from jobhub.matching.block import VacancyBlock
from jobhub.matching.geo import distance_decay, haversine_km
from jobhub.matching.index import VacancyIndex
from jobhub.matching.scoring import skills_apply


def planar_km(lat0: np.ndarray, lng0: np.ndarray, lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    """Equirectangular distance: within 0.5% of haversine over a city, four times cheaper;
    used only to discard pairs with a margin, never for a score."""
    dy = (lat - lat0) * 111.195
    dx = (lng - lng0) * (111.195 * np.cos(np.radians(lat0)))
    return np.sqrt(dx * dx + dy * dy)


def topn_product(
    U: sp.csr_matrix, Z: sp.csr_matrix, top_n: int, n_threads: int = 1
) -> sp.csr_matrix:
    """Per row of U @ Z, the `top_n` largest positive entries, best first (sparse_dot_topn if
    installed and not disabled with JOBHUB_NO_SPARSE_DOT_TOPN=1)."""
    if not os.environ.get("JOBHUB_NO_SPARSE_DOT_TOPN"):
        try:
            from sparse_dot_topn import sp_matmul_topn
        except ImportError:
            pass
        else:
            return sp_matmul_topn(
                U,
                Z,
                top_n=top_n,
                threshold=0.0,
                sort=True,
                n_threads=n_threads if n_threads > 1 else None,
            )
    return blocked_topn(U, Z, top_n)


def blocked_topn(
    U: sp.csr_matrix, Z: sp.csr_matrix, top_n: int, rows_per_step: int = 128
) -> sp.csr_matrix:
    """The fallback: a scipy product of a few rows at a time, made dense, argpartition."""
    rows, cols, vals = [], [], []
    for start in range(0, U.shape[0], rows_per_step):
        dense = (U[start : start + rows_per_step] @ Z).toarray()
        m = min(top_n, dense.shape[1])
        if m == 0:
            continue
        part = np.argpartition(-dense, m - 1, axis=1)[:, :m]
        v = np.take_along_axis(dense, part, axis=1)
        best_first = np.argsort(-v, axis=1, kind="stable")
        part = np.take_along_axis(part, best_first, axis=1)
        v = np.take_along_axis(v, best_first, axis=1)
        keep = v > 0
        rows.append(np.repeat(np.arange(dense.shape[0]) + start, m).reshape(-1, m)[keep])
        cols.append(part[keep])
        vals.append(v[keep])
    if not rows:
        return sp.csr_matrix((U.shape[0], Z.shape[1]), dtype=np.float32)
    # built from CSR parts (not COO) so that each row keeps its best-first order
    r, c, v = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
    indptr = np.zeros(U.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(r, minlength=U.shape[0]), out=indptr[1:])
    return sp.csr_matrix((v, c, indptr), shape=(U.shape[0], Z.shape[1]))


# candidates of a weight class smaller than the largest: at least this many per person
_CLASS_MIN = 64
# ... and in a tile (whose largest class gets tile_candidates)
_TILE_CLASS_MIN = 16
# applicable weights whose reach (the largest distance part w_d/(W + w_d)) is within this
# factor of the smallest reach of their class share one class: a product of its own is worth
# its cost only where a class's reach is well above the rest's (a vacancy listing no skills:
# 1.43 times a full one's for a person who gives skills; one without an occupation code:
# 1.25 times, kept with the full ones)
_CLASS_REACH_RATIO = 1.3


def class_share(wanted: int, size: int, largest: int, minimum: int) -> int:
    """Candidates for a weight class smaller than the largest (which gets `wanted`): in
    proportion to its size, at least `minimum`, never more than `wanted`."""
    return min(max(-(-wanted * size // largest), minimum), wanted)


def reach_groups(
    evidence_w: np.ndarray, has_loc: np.ndarray, w_distance: float
) -> list[tuple[np.ndarray, float]]:
    """The vacancies grouped into weight classes by applicable evidence weight W: W values in
    order of their reach w_d/(W + w_d), a value joining the class before it while its reach
    is within _CLASS_REACH_RATIO of that class's smallest. Each class: its rows, and its reach
    (the largest of its located vacancies'; 0 if none is located)."""
    values = np.unique(evidence_w)[::-1]  # the heaviest W (the smallest reach) first
    out: list[tuple[list[float], float]] = []
    for value in values.tolist():
        r = w_distance / (value + w_distance)
        if out and r <= out[-1][1] * _CLASS_REACH_RATIO:
            out[-1][0].append(value)
        else:
            out.append(([value], r))
    groups = []
    for members, _ in out:
        rows = np.flatnonzero(np.isin(evidence_w, members))
        located = evidence_w[rows][has_loc[rows]]
        groups.append(
            (rows, float(w_distance / (located.min() + w_distance)) if len(located) else 0.0)
        )
    return groups


# the people's (has_codes, has_skills, has_location, has_learnt): which parts apply to them
GroupKey = tuple[bool, bool, bool, bool]


@dataclass(frozen=True, slots=True)
class WeightClass:
    """The vacancies with one applicable evidence weight for a group: their rows, their
    columns of Z, and the largest distance part w_d/W one of them can add."""

    rows: np.ndarray
    Z: sp.csr_matrix
    reach: float


@dataclass(frozen=True, slots=True)
class VacancySide:
    Z: sp.csr_matrix
    inv_w: np.ndarray
    # the vacancies split by applicable weight where their reach differs enough (e.g. some
    # list no skills) and distance applies to the group; else one class of them all
    classes: tuple[WeightClass, ...]


@dataclass(frozen=True, slots=True)
class Candidates:
    """Candidate pairs of a group (pj = position in the group, grouped by person) and, per
    person and weight class of vacancies (one column each), the floor (the largest fit
    without distance a non-candidate of the class can have) and the reach (the largest
    distance part one can add); the bound is the largest fit, distance included, any
    non-candidate can reach."""

    pj: np.ndarray
    rows: np.ndarray
    fit_lo: np.ndarray
    floor: np.ndarray  # (people, classes)
    reach: np.ndarray  # (people, classes)
    bound: np.ndarray
    sorted: bool  # each person's candidates begin with the best of the largest class


@dataclass(frozen=True, slots=True)
class Tile:
    rows: np.ndarray
    box: tuple[float, float, float, float] | None  # lat0, lat1, lng0, lng1; None: no location

    def min_distance(self, lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
        """A lower bound of the distance from each person to the tile's vacancies: to the
        nearest point of its box (0 inside). The tile of vacancies without a location is at
        0: a travel limit does not exclude them."""
        if self.box is None:
            return np.zeros(len(lat))
        lat0, lat1, lng0, lng1 = self.box
        return haversine_km(lat, lng, np.clip(lat, lat0, lat1), np.clip(lng, lng0, lng1))


def make_tiles(lat: np.ndarray, lng: np.ndarray, has_loc: np.ndarray, n_tiles: int) -> list[Tile]:
    """About n_tiles tiles with equal numbers of located vacancies (quantile cuts by latitude,
    then by longitude within each band), plus one for vacancies without a location."""
    located = np.flatnonzero(has_loc)
    bands = max(1, round(float(np.sqrt(n_tiles))))
    tiles: list[Tile] = []
    if len(located):
        by_lat = located[np.argsort(lat[located], kind="stable")]
        for band in np.array_split(by_lat, bands):
            by_lng = band[np.argsort(lng[band], kind="stable")]
            for part in np.array_split(by_lng, bands):
                if len(part):
                    box = (
                        float(lat[part].min()),
                        float(lat[part].max()),
                        float(lng[part].min()),
                        float(lng[part].max()),
                    )
                    tiles.append(Tile(part, box))
    missing = np.flatnonzero(~has_loc)
    if len(missing):
        tiles.append(Tile(missing, None))
    return tiles


class CandidateSource:
    """Products of people's features with the vacancy features (attributes set by
    BatchRanker)."""

    index: VacancyIndex
    block: VacancyBlock
    FT: sp.csr_matrix
    candidates: int
    tile_candidates: int
    n_threads: int
    tiles: list[Tile]
    _Z: dict[GroupKey, VacancySide]
    _tile_z: dict[GroupKey, list[list[tuple[int, np.ndarray, sp.csr_matrix]]]]

    def _vacancy_side(self, key: GroupKey) -> VacancySide:
        """Features × vacancies with each vacancy divided by its applicable weight W for
        people of this group, 1/W, and the weight classes with their reach: the largest
        distance part w_d/W a located vacancy of the class can add to a fit. Where W differs
        between vacancies (a vacancy listing no skills has no skills part for a person who
        gives skills), the vacancies are split into classes of W whose reach differs enough
        (reach_groups): each class gets its own candidates, in the whole city and in each
        tile, so a light class's larger reach is added to its own floor only."""
        if key not in self._Z:
            has_codes, has_skills, has_loc, has_learnt = key
            w = self.index.profile.weights
            b = self.block
            evidence_w = (
                w.text
                + w.skills * skills_apply(b.n_skills > 0, has_skills, b.has_title, has_learnt)
                + w.occupation * ((b.occ[:, 0] >= 0) & has_codes)
            )
            total = evidence_w + w.distance * (b.has_loc & has_loc)
            inv_w = (1.0 / total).astype(np.float32)
            Z = self.FT.copy()
            Z.data = Z.data * inv_w[Z.indices]
            if not has_loc:  # no distance part: one class, nothing to reach
                classes = [WeightClass(np.arange(b.n, dtype=np.int64), Z, 0.0)]
            elif len(parts := reach_groups(evidence_w, b.has_loc, w.distance)) == 1:
                classes = [WeightClass(parts[0][0], Z, parts[0][1])]
            else:
                by_column = sp.csc_matrix(Z)
                classes = [
                    WeightClass(rows, sp.csr_matrix(by_column[:, rows]), class_reach)
                    for rows, class_reach in sorted(parts, key=lambda c: -len(c[0]))
                ]  # the largest first
            self._Z[key] = VacancySide(Z, inv_w.astype(np.float64), tuple(classes))
        return self._Z[key]

    def _class_top(
        self, U: sp.csr_matrix, Z: sp.csr_matrix, wanted: int
    ) -> tuple[sp.csr_matrix, np.ndarray]:
        """Each person's best `wanted` vacancies of a class (best first) and the fit of the
        last of them: the most any other vacancy of the class can have without distance (0
        where fewer came: every positive fit of the class is then a candidate)."""
        top = topn_product(U, Z, wanted, self.n_threads)
        full = np.diff(top.indptr) >= wanted
        last = np.zeros(U.shape[0])
        last[full] = top.data[top.indptr[1:][full] - 1]
        return top, last

    def _global_candidates(self, people, members, U, side: VacancySide) -> Candidates:  # noqa: ANN001
        """One product over all vacancies (or one per weight class): each person's best
        `candidates` by fit without distance (a smaller class: in proportion to its size);
        any other vacancy's is at most the last one's of its class, and its distance part
        at most the class's w_d/W. A person's candidates are grouped, class by class, each
        class's best first (the largest class first: its head gives the k-th score a floor)."""
        m = len(members)
        located = ~np.isnan(people.lat[members])
        classes = side.classes
        largest = len(classes[0].rows)
        tops: list[sp.csr_matrix] = []
        floor = np.zeros((m, len(classes)))
        reach = np.zeros((m, len(classes)))
        for n, cls in enumerate(classes):
            wanted = self.candidates
            if n > 0:
                wanted = class_share(wanted, len(cls.rows), largest, _CLASS_MIN)
            top, floor[:, n] = self._class_top(U, cls.Z, wanted)
            reach[:, n] = np.where(located, cls.reach, 0.0)
            tops.append(top)
        # person by person, class after class (no sort: each entry's place is known)
        counts = np.stack([np.diff(t.indptr) for t in tops], axis=1)
        before = np.cumsum(counts, axis=1) - counts  # a person's entries of earlier classes
        start = np.cumsum(counts.sum(axis=1)) - counts.sum(axis=1)
        pj = np.repeat(np.arange(m), counts.sum(axis=1))
        rows = np.empty(len(pj), dtype=np.int64)
        fit_lo = np.empty(len(pj))
        for n, (cls, t) in enumerate(zip(classes, tops, strict=True)):
            who = np.repeat(np.arange(m), counts[:, n])
            at = start[who] + before[who, n] + np.arange(len(who)) - t.indptr[who]
            rows[at] = cls.rows[t.indices]
            fit_lo[at] = t.data
        return Candidates(pj, rows, fit_lo, floor, reach, (floor + reach).max(axis=1), True)

    def _tiled_candidates(self, seekers, people, members, U, key) -> Candidates:  # noqa: ANN001
        """People with a travel limit: one product per spatial tile they can reach (and per
        weight class in it), so the candidates are where they can work. A tile's other
        vacancies of a class have a fit without distance of at most its last candidate's, and
        a distance part of at most the class's w_d/W · decay(distance to the tile's box)."""
        profile = self.index.profile
        m = len(members)
        lat, lng = people.lat[members], people.lng[members]
        limit = np.array([seekers[i].max_distance_km for i in members.tolist()], dtype=np.float64)
        classes = self._vacancy_side(key).classes
        floor = np.zeros((m, len(classes)))
        bound = np.zeros(m)
        parts_pj, parts_rows, parts_fit = [], [], []
        for tile, parts in zip(self.tiles, self._tile_sides(key), strict=True):
            near = tile.min_distance(lat, lng)
            reach_t = near <= limit
            if not reach_t.any():
                continue
            who = np.flatnonzero(reach_t)
            U_who = U[who]
            decay = distance_decay(near[who], profile.circle_km, profile.half_life_km)
            largest = len(parts[0][1])
            for n, (c, rows, Zt) in enumerate(parts):
                wanted = self.tile_candidates
                if n > 0:
                    wanted = class_share(wanted, len(rows), largest, _TILE_CLASS_MIN)
                top, last = self._class_top(U_who, Zt, wanted)
                counts = np.diff(top.indptr)
                tile_reach = classes[c].reach * decay if tile.box is not None else 0.0
                floor[who, c] = np.maximum(floor[who, c], last)
                bound[who] = np.maximum(bound[who], last + tile_reach)
                parts_pj.append(np.repeat(who, counts))
                parts_rows.append(rows[top.indices])
                parts_fit.append(top.data.astype(np.float64))
        # a tile's bound already holds its reach; per class, the largest reach for the ring
        reach = np.where(
            np.isnan(lat)[:, None], 0.0, np.array([cls.reach for cls in classes])[None, :]
        )
        if not parts_pj:
            empty = np.zeros(0, np.int64)
            return Candidates(empty, empty, np.zeros(0), floor, reach, bound, False)
        pj = np.concatenate(parts_pj)
        order = np.argsort(pj, kind="stable")
        return Candidates(
            pj[order],
            np.concatenate(parts_rows)[order],
            np.concatenate(parts_fit)[order],
            floor,
            reach,
            bound,
            False,
        )

    def _tile_sides(self, key: GroupKey) -> list[list[tuple[int, np.ndarray, sp.csr_matrix]]]:
        """Per tile, its vacancies of each weight class, the largest first: (class, rows,
        features × those vacancies)."""
        if key not in self._tile_z:
            side = self._vacancy_side(key)
            ZT = sp.csr_matrix(side.Z.T)  # vacancies × features: cheap row slices per tile
            label = np.empty(self.block.n, dtype=np.int64)
            for c, cls in enumerate(side.classes):
                label[cls.rows] = c
            sides = []
            for tile in self.tiles:
                parts = []
                for c in range(len(side.classes)):
                    rows = tile.rows[label[tile.rows] == c]
                    if len(rows):
                        parts.append((c, rows, sp.csr_matrix(ZT[rows].T, dtype=np.float32)))
                sides.append(sorted(parts, key=lambda part: -len(part[1])))
            self._tile_z[key] = sides
        return self._tile_z[key]
