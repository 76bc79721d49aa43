"""Fuzz every form field and endpoint (hypothesis): a page or a clear status, never a 500.

Wrong types, unknown options, oversized and non-UTF-8 values, NUL and duplicated fields are
posted with a valid CSRF token (so they reach the form handling) and without one.
"""

from __future__ import annotations

from urllib.parse import quote_from_bytes

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from peiling.control_chars import first_control
from peiling.models import Response
from tests.webforms.conftest import hidden_fields

FIELDS = [
    "domein",
    "thema__inclusie",
    "thema__polarisatie",
    "thema__inclusie__missing",
    "aantal",
    "toelichting",
    "opmerking",
    "version",
    "action",
    "bevestig",
    "csrf_token",
    "x" * 300,
]
PATHS = [
    "/vragenlijst/start",
    "/vragenlijst/veiligheid",
    "/vragenlijst/slot",
    "/vragenlijst/bestaat-niet",
    "/verzenden",
    "/controleren",
    "/opgeslagen",
]
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

values = st.one_of(
    st.sampled_from(["1", "2", "3", "98", "-1", "0", "999999", "²", "٣", "1e999", "nan", ""]).map(
        str.encode
    ),
    st.sampled_from([b"next", b"previous", b"save", b"lang-en", b"lang-xx", b"ja"]),
    st.text(max_size=50).map(str.encode),
    st.binary(max_size=50),  # not UTF-8
    st.just(b"\x00" * 10),
    st.integers(min_value=0, max_value=10_000).map(lambda n: b"9" * n),  # oversized
)
fields = st.lists(st.tuples(st.sampled_from(FIELDS), values), max_size=12)  # may repeat


def body(pairs: list[tuple[str, bytes]]) -> bytes:
    return "&".join(f"{name}={quote_from_bytes(value)}" for name, value in pairs).encode()


def no_control_characters(value) -> bool:
    if isinstance(value, str):
        return first_control(value, allowed="\n") is None
    if isinstance(value, list):
        return all(no_control_characters(v) for v in value)
    return True


@FUZZ
@given(path=st.sampled_from(PATHS), pairs=fields, with_token=st.booleans())
def test_posting_anything_to_a_page_never_gives_a_500(
    app, small, db_session, path, pairs, with_token
):
    client = app.test_client()
    client.get(small.link)
    hidden = hidden_fields(client.get("/vragenlijst/start").get_data(as_text=True))
    if with_token:
        pairs = [("csrf_token", hidden["csrf_token"].encode()), *pairs]
    response = client.post(path, data=body(pairs), content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    db_session.expire_all()
    for stored in db_session.scalars(select(Response)):
        assert all(no_control_characters(v) for v in stored.answers.values()), stored.answers


@FUZZ
@given(
    segment=st.one_of(
        st.text(min_size=1, max_size=80), st.binary(min_size=1, max_size=80).map(quote_from_bytes)
    ),
    prefix=st.sampled_from(["/r/", "/afmelden/", "/afmelden/1/", "/taal/", "/taal/en?terug=", "/"]),
    method=st.sampled_from(["GET", "POST"]),
)
def test_any_address_gives_a_page_or_a_clear_status(app, small, segment, prefix, method):
    app.config["TOKEN_RATE_LIMIT"] = "100000/300"
    url = prefix + quote_from_bytes(segment.encode("utf-8", "surrogatepass"), safe="%/?=")
    response = app.test_client().open(url, method=method)
    assert response.status_code < 500
    location = response.headers.get("Location", "")
    assert not location.startswith("//") and "://" not in location


@FUZZ
@given(
    content_type=st.sampled_from(
        ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", ""]
    ),
    raw=st.binary(max_size=2000),
)
def test_a_garbled_body_never_gives_a_500(app, small, content_type, raw):
    client = app.test_client()
    client.get(small.link)
    response = client.post("/vragenlijst/start", data=raw, content_type=content_type)
    assert response.status_code < 500
