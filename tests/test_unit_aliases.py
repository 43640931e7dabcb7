"""Every alias in data/reference/units.csv maps to its unit, and canonical names keep every
part of the written name: an alias may respell, abbreviate, reorder or restate the issuer's
own level ("cấp tỉnh"), never drop a part that changes who is meant."""

import csv

import pytest

from ttdn import DATA_DIR
from ttdn.reference import load_reference

UNITS = list(csv.DictReader(open(DATA_DIR / "reference" / "units.csv", encoding="utf-8")))
ALIASES = [
    (alias, row["unit_canonical"])
    for row in UNITS
    for alias in [row["unit_canonical"], *row["aliases"].split(";")]
    if alias.strip()
]


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.mark.parametrize(("alias", "canonical"), ALIASES, ids=[a for a, _ in ALIASES])
def test_each_alias_maps_to_its_unit(reference, alias, canonical):
    match = reference.match_unit(alias)
    assert (match.unit_canonical, match.matched_by) == (canonical, "alias")


def test_no_alias_names_two_units():
    targets: dict[str, set[str]] = {}
    for alias, canonical in ALIASES:
        targets.setdefault(alias.casefold(), set()).add(canonical)
    assert {a: t for a, t in targets.items() if len(t) > 1} == {}


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Các sở, ban, ngành, đoàn thể", "Các sở, ban, ngành, đoàn thể"),
        ("các sở, ban, ngành, đoàn thể cấp tỉnh", "Các sở, ban, ngành, đoàn thể"),
        ("Các sở, ban, ngành", "Các sở, ban, ngành"),
        ("các sở, ngành", "Các sở, ngành"),
        ("Các cơ quan báo chí địa phương", "Các cơ quan báo chí địa phương"),
        ("các cơ quan báo chí của tỉnh", "Các cơ quan báo chí địa phương"),
        ("Các cơ quan báo chí", "Các cơ quan báo chí"),
        ("Các cơ quan báo chí Trung ương", "Các cơ quan báo chí Trung ương"),
        ("các cơ quan, đơn vị, địa phương liên quan", "Các cơ quan, đơn vị, địa phương liên quan"),
        ("các cơ quan, đơn vị liên quan", "Các cơ quan, đơn vị liên quan"),
        ("các đoàn thể", "Các đoàn thể"),
        ("các tổ chức chính trị - xã hội", "Các đoàn thể chính trị - xã hội"),
    ],
)
def test_canonical_names_keep_every_part(reference, written, canonical):
    assert reference.match_unit(written).unit_canonical == canonical


@pytest.mark.parametrize(
    "written",
    ["Ban HTQT", "Ban TC–CB", "Ban TC-CB", "Ban KH–TC", "Ban KH-TC", "Văn phòng Viện Hàn lâm"],
)
def test_the_academys_own_bodies_are_internal_not_party_boards(reference, written):
    assert reference.match_unit(written).unit_type == "nội bộ"


def test_party_boards_stay_boards(reference):
    assert reference.match_unit("Ban Tuyên giáo Tỉnh ủy").unit_type == "ban"
