"""Synthetic incidents for load and browser-timing measurements (bench/bench_api.py, tests/web).

Rows go straight into the incidents table in one bulk INSERT: they stand for what the linker would have made,
with no documents behind them. Use a scratch database only."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from sitrep.store import Store
from sitrep.store.schema import IncidentRow

PLACES = [  # (country, governorate, place, lat, lon, target)
    ("Iraq", "Al-Anbar", "Ain al-Asad air base", 33.80, 42.44, "base"),
    ("Iraq", "Erbil", "Erbil International Airport", 36.24, 43.96, "airport"),
    ("Iraq", "Erbil", "Harir air base", 36.54, 44.35, "base"),
    ("Iraq", "Baghdad", "U.S. Embassy in Baghdad", 33.30, 44.39, "embassy"),
    ("Iraq", "Baghdad", "Victory base", 33.26, 44.23, "base"),
    ("Iraq", "Al-Qadisiyah", "Diwaniyah", 31.99, 44.93, "convoy"),
    ("Iraq", "Babil", "Hillah", 32.48, 44.42, "convoy"),
    ("Iraq", "Salah al-Din", "Balad air base", 33.94, 44.36, "base"),
    ("Iraq", "Dhi Qar", "Nasiriyah", 31.05, 46.26, "convoy"),
    ("Iraq", "Basra", "Basra", 30.51, 47.81, "convoy"),
    ("Syria", "Deir ez-Zor", "Conoco gas field", 35.31, 40.28, "base"),
    ("Syria", "Deir ez-Zor", "Green Village", 35.02, 40.53, "base"),
    ("Syria", "Al-Hasakah", "Rmelan landing zone", 36.98, 41.97, "base"),
    ("Syria", "Al-Hasakah", "Shaddadi", 36.06, 40.73, "base"),
    ("Syria", "Homs", "al-Tanf garrison", 33.50, 38.62, "base"),
]
TYPES = ["rocket", "rocket", "rocket", "drone", "drone", "drone", "ied", "mortar", "small_arms", "unknown"]
GROUPS = [None, None, "Islamic Resistance in Iraq", "Islamic Resistance in Iraq", "Kata'ib Hezbollah",
          "Harakat al-Nujaba", "Ashab al-Kahf", "Saraya Awliya al-Dam", "Qasim al-Jabbarin"]  # fmt: skip


def fill(store: Store, n: int, *, seed: int = 7, start: str = "2019-10-01", days: int = 1800) -> int:
    """Add `n` synthetic incidents (spread over `days` from `start`); returns how many were written."""
    rng = random.Random(seed)
    t0 = date.fromisoformat(start)
    now = datetime.now(UTC)
    rows = []
    for _ in range(n):
        country, admin1, place, lat, lon, target = rng.choice(PLACES)
        d = t0 + timedelta(days=rng.randrange(days))
        group = rng.choice(GROUPS)
        killed = rng.choice([None, 0, 0, 0, 1, 2]) if rng.random() < 0.7 else None
        injured = rng.choice([None, 0, 0, 1, 2, 3, 5, 8]) if rng.random() < 0.8 else None
        rows.append({
            "status": "active", "merged_into": None, "date": d.isoformat(), "date_end": None, "time": None,
            "day_lo": d.toordinal(), "day_hi": d.toordinal(), "country": country, "admin1": admin1, "admin2": None,
            "place": place, "lat": round(lat + rng.uniform(-0.15, 0.15), 4), "lon": round(lon + rng.uniform(-0.15, 0.15), 4),
            "geo_precision": 2, "event_type": rng.choice(TYPES), "target": target, "claimed_by": group,
            "actor_name": group, "attribution": "claimed" if group else "none", "attributed_to": None,
            "killed": killed, "injured": injured, "n_reports": rng.randint(1, 4), "resolution": {},
            "created_at": now, "updated_at": now,
        })  # fmt: skip
    table = IncidentRow.__table__
    with store.write() as conn:
        for i in range(0, len(rows), 1000):
            conn.execute(insert(table), rows[i : i + 1000])
    return len(rows)
