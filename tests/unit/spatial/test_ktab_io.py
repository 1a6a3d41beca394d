"""Unit tests of the KTAB SMP CSV/XML reader (summitry.io.ktab)."""

from __future__ import annotations

import datetime as dt

import pytest

from summitry.errors import InputError
from summitry.io.ktab import ktab_to_scenario, parse_ktab_csv, parse_ktab_xml
from summitry.model.scenario import Scenario

CSV = "Demo,A demo,2,1,\nActor,Description,Power,Pos,Sal,\nA1,first,10,20,50,\nB,second,5,80,100,\n"


def test_csv_imports() -> None:
    """Saliences become shares (0-1), capabilities and positions are kept."""
    data = parse_ktab_csv(CSV, "demo.csv")
    doc = ktab_to_scenario(data, as_of=dt.date(2020, 1, 1))
    scenario = Scenario.model_validate(doc)
    assert scenario.positions["B"]["Pos"].salience == 1.0
    assert scenario.actors["A1"].capability == 10.0


def test_csv_range_errors() -> None:
    """Position > 100 and a salience total > 100 are located errors."""
    bad = CSV.replace("A1,first,10,20,50", "A1,first,10,120,50").replace("80,100", "80,101")
    with pytest.raises(InputError) as info:
        parse_ktab_csv(bad, "demo.csv")
    msgs = [p.format() for p in info.value.problems]
    assert msgs[0].startswith("demo.csv:3:13: actors.A1.position[0]: position out of range")
    assert any(m.startswith("demo.csv:4:") and "salience out of range" in m for m in msgs)


def test_xml_empty_coordinate() -> None:
    """An empty <dCoord> (as in KTAB's shipped smpExample.xml) is reported with its line."""
    xml = (
        "<Scenario><name>x</name><desc>d</desc><Dimensions><dName>D1</dName></Dimensions>\n"
        "<Actors><Actor><name>A</name><description>a</description><capability>1</capability>\n"
        "<Position><dCoord></dCoord></Position><Salience><dSal>10</dSal></Salience></Actor>\n"
        "</Actors></Scenario>\n"
    )
    with pytest.raises(InputError) as info:
        parse_ktab_xml(xml, "x.xml")
    assert (
        info.value.problems[0]
        .format()
        .startswith("x.xml:3:11: Actors.A.Position[0]: empty coordinate")
    )
