"""Fuzz the importers (hypothesis): a clear error or a correct import, never a traceback or a part.

CSV text and bytes of any shape, and XLSX files with damaged bytes, go through the organisation and
contact importers; whatever is refused leaves the database as it was.
"""

from __future__ import annotations

import io
import random
import uuid
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peiling.importers import ImportErrors, import_organisations, import_respondents
from peiling.models import Contact, Organisation
from tests.importers.helpers import GOOD, ORGANISATIONS, count, xlsx_file

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CELLS = st.one_of(
    st.sampled_from(["GM0014", "GM0034", "gm0080", "VR01", "243768", "9" * 40, "-5", "", "x"]),
    st.text(max_size=30),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=5),  # control characters
    st.integers(min_value=0, max_value=3000).map(lambda n: "A" * n),  # oversized
)
ROWS = st.lists(st.lists(CELLS, max_size=8), max_size=8)
HEADERS = st.sampled_from(
    [
        "code,name,province,population,safety_region_code,safety_region",
        "organisation_code,name,email,role,language",
        "code;name;province;population",
        "",
    ]
)


def attempt(db_session, importer, path) -> None:
    """Import a file: it is refused whole (ImportErrors) or imported; nothing else may happen."""
    before = count(db_session, Organisation), count(db_session, Contact)
    try:
        importer(db_session, path)
        db_session.commit()
    except ImportErrors as exc:
        db_session.rollback()
        assert exc.problems and all(p.file == path.name for p in exc.problems)
        assert (count(db_session, Organisation), count(db_session, Contact)) == before


@pytest.fixture
def folder(tmp_path):
    return tmp_path


@FUZZ
@given(
    header=HEADERS, rows=ROWS, delimiter=st.sampled_from([",", ";", "\t"]), contacts=st.booleans()
)
def test_any_csv_is_imported_or_refused_whole(
    db_session, folder, header, rows, delimiter, contacts
):
    text = header + "\n" + "\n".join(delimiter.join(row) for row in rows) + "\n"
    path = folder / f"{uuid.uuid4().hex}.csv"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    attempt(db_session, import_respondents if contacts else import_organisations, path)


@FUZZ
@given(raw=st.binary(max_size=3000), prefix=st.sampled_from([b"", b"\xef\xbb\xbf", b"PK\x03\x04"]))
def test_any_bytes_as_csv_are_imported_or_refused_whole(db_session, folder, raw, prefix):
    path = folder / f"{uuid.uuid4().hex}.csv"
    path.write_bytes(prefix + ORGANISATIONS.encode() + raw)
    attempt(db_session, import_organisations, path)


@FUZZ
@given(seed=st.integers(min_value=0, max_value=2**32), flips=st.integers(min_value=1, max_value=40))
def test_a_damaged_xlsx_is_imported_or_refused_whole(db_session, folder, seed, flips):
    good = xlsx_file(folder / "good.xlsx", [r.split(",") for r in (ORGANISATIONS + GOOD).split()])
    data = bytearray(good.read_bytes())
    rng = random.Random(seed)
    for _ in range(flips):
        data[rng.randrange(len(data))] = rng.randrange(256)
    path = folder / f"{uuid.uuid4().hex}.xlsx"
    path.write_bytes(bytes(data))
    attempt(db_session, import_organisations, path)


@FUZZ
@given(
    member=st.sampled_from(["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml"]),
    content=st.one_of(
        st.binary(max_size=500),
        st.sampled_from(
            [b"<worksheet/>", b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>"]
        ),
    ),
)
def test_an_xlsx_with_a_replaced_part_is_imported_or_refused_whole(
    db_session, folder, member, content
):
    good = xlsx_file(folder / "good.xlsx", [r.split(",") for r in (ORGANISATIONS + GOOD).split()])
    out = io.BytesIO()
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == member else source.read(info))
    path = folder / f"{uuid.uuid4().hex}.xlsx"
    path.write_bytes(out.getvalue())
    attempt(db_session, import_organisations, path)
