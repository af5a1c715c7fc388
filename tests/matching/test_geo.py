"""Haversine distance, the 15-minute decay and the grid radius query."""

from __future__ import annotations

import numpy as np
import pytest

from jobhub.matching.geo import GeoGrid, distance_decay, haversine_km
from jobhub.matching.profile import load_profile


def test_haversine_known_distances():
    # one degree of latitude is 111.2 km; Beijing 天安门 to Shanghai 人民广场 is ~1067 km
    assert haversine_km(30.0, 104.0, np.array([31.0]), np.array([104.0]))[0] == pytest.approx(
        111.19, abs=0.01
    )
    assert haversine_km(39.9075, 116.3972, np.array([31.2304]), np.array([121.4737]))[
        0
    ] == pytest.approx(1067, abs=5)


def test_decay_is_flat_inside_the_circle_then_halves_every_half_life():
    city = load_profile("city")
    d = np.array(
        [
            0.0,
            city.circle_km,
            city.circle_km + city.half_life_km,
            city.circle_km + 2 * city.half_life_km,
        ]
    )
    np.testing.assert_allclose(
        distance_decay(d, city.circle_km, city.half_life_km), [1, 1, 0.5, 0.25]
    )


def test_rural_profile_uses_the_5_km_circle():
    rural = load_profile("rural")
    assert rural.circle_km == 5.0
    assert distance_decay(4.9, rural.circle_km, rural.half_life_km) == 1.0
    assert distance_decay(4.9, 1.2, 4.0) < 1.0


@pytest.mark.parametrize("radius", [0.3, 1.2, 5.0, 30.0, 200.0])
def test_grid_query_equals_brute_force(radius):
    rng = np.random.default_rng(1)
    lat = 30.66 + rng.normal(scale=0.05, size=5000)
    lng = 104.06 + rng.normal(scale=0.05, size=5000)
    rows = np.arange(5000) * 3  # row ids need not be positions
    grid = GeoGrid(lat, lng, rows)
    for q in range(20):
        qlat, qlng = lat[q * 7], lng[q * 7]
        found, dist = grid.query(qlat, qlng, radius, with_distance=True)
        d_all = haversine_km(qlat, qlng, lat, lng)
        assert sorted(found.tolist()) == sorted(rows[d_all <= radius].tolist())
        np.testing.assert_allclose(np.sort(dist), np.sort(d_all[d_all <= radius]))
        assert grid.count_near(qlat, qlng, radius) >= len(found)
        assert sorted(grid.query(qlat, qlng, radius)[0].tolist()) == sorted(found.tolist())
