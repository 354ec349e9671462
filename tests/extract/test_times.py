"""Clock times (CODEBOOK rule 5): explicit times only, in the forms reports use."""

from __future__ import annotations

import pytest

from sitrep.extract.times import find_times


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rockets fell at 9:07 pm inside the base", ["21:07"]),
        ("the drones struck at 0230 inside Balad air base", ["02:30"]),
        ("HARIR AB, ERBIL – 20 Nov, 1215L: two one-way UAVs targeted the base.", ["12:15"]),  # security brief
        ("AL ASAD AB – 20/21 Nov, approx. 0100L: one missile impacted the base.", []),  # approximate
        ("the blast came around 9 pm", []),
        ("posted at 11:40 GMT", []),
    ],
)
def test_explicit_clock_times(text, expected):
    assert [t.value for t in find_times(text)] == expected
