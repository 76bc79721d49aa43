"""Messages: templates in both languages, links that open the right invitation, headers."""

from datetime import UTC, datetime

from sqlalchemy import select

from peiling.dates import day_in_words, last_day
from peiling.mailing.compose import MailSettings, build_message, message_id, render
from peiling.models import Invitation
from peiling.models.inviting import create_invitations, invitation_by_token
from tests.mailing.servers import make_panel, make_wave

MAIL = MailSettings(
    base_url="https://peiling.example.nl",
    secret_key="test-secret-key",
    mail_from="ESS behoeftepeiling <peiling@ess.example.nl>",
    contact_email="ess@ess.example.nl",
)


def _invitations(db_session):
    make_panel(db_session, organisations=1, per_organisation=2, english_every=2)
    wave = make_wave(db_session)
    create_invitations(db_session, wave, MAIL.secret_key)
    invitations = db_session.scalars(select(Invitation).where(Invitation.wave_id == wave.id))
    return sorted(invitations, key=lambda i: i.contact.language)


def test_dutch_and_english_messages_carry_name_municipality_link_and_closing_date(db_session):
    english, dutch = _invitations(db_session)
    assert (english.contact.language, dutch.contact.language) == ("en", "nl")
    nl = render(dutch, "invitation", 0, MAIL)
    en = render(english, "invitation", 0, MAIL)
    assert nl.subject.startswith("Uitnodiging") and en.subject.startswith("Invitation")
    closes = dutch.wave.closes_at
    for invitation, rendered, lang in ((dutch, nl, "nl"), (english, en, "en")):
        assert invitation.contact.name in rendered.text
        assert invitation.contact.name in rendered.html
        assert "Gemeente 0" in rendered.text
        assert day_in_words(last_day(closes), lang) in rendered.text
        assert "/afmelden/" in rendered.text and "/afmelden/" in rendered.html
    assert "Beste" in nl.text and "Dear" in en.text


def test_the_link_in_the_message_opens_that_invitation(db_session):
    for invitation in _invitations(db_session):
        text = render(invitation, "reminder", 1, MAIL).text
        link = next(line for line in text.splitlines() if "/r/" in line).strip()
        assert link.startswith("https://peiling.example.nl/r/")
        assert invitation_by_token(db_session, link.rsplit("/", 1)[1]).id == invitation.id


def test_headers_include_a_stable_message_id_and_list_unsubscribe(db_session):
    invitation = _invitations(db_session)[0]
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    msg = build_message(invitation, "invitation", 0, MAIL, now)
    again = build_message(invitation, "invitation", 0, MAIL, now)
    reminder = build_message(invitation, "reminder", 1, MAIL, now)
    assert (
        msg["Message-ID"]
        == again["Message-ID"]
        == message_id(invitation, "invitation", 0, MAIL.mail_from)
    )
    assert msg["Message-ID"] != reminder["Message-ID"]
    assert msg["Message-ID"].endswith("@ess.example.nl>")
    assert "https://peiling.example.nl/afmelden/" in msg["List-Unsubscribe"]
    assert "mailto:ess@ess.example.nl" in msg["List-Unsubscribe"]
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert invitation.contact.email in msg["To"]
    assert {p.get_content_type() for p in msg.get_payload()} == {"text/plain", "text/html"}


def test_a_wave_can_bring_its_own_templates(db_session, tmp_path):
    invitation = _invitations(db_session)[0]
    wave = invitation.wave
    folder = tmp_path / "templates" / wave.survey_key / wave.label
    folder.mkdir(parents=True)
    (folder / "invitation.en.txt").write_text(
        "{% set subject %}Special {{ wave_label }}{% endset %}Hi {{ name }}: {{ link }}\n"
    )
    (folder / "invitation.nl.txt").write_text(
        "{% set subject %}Speciaal {{ wave_label }}{% endset %}Hoi {{ name }}: {{ link }}\n"
    )
    own = MailSettings(**{**MAIL.__dict__, "template_dir": tmp_path / "templates"})
    rendered = render(invitation, "invitation", 0, own)
    assert rendered.subject.startswith("Speci") and wave.label in rendered.subject
    assert rendered.text.startswith(("Hi ", "Hoi "))
    assert "<html" in rendered.html  # the bundled HTML still applies


def test_dates_read_naturally_in_both_languages():
    moment = datetime(2026, 5, 15, 12, 0, tzinfo=UTC)
    assert day_in_words(moment, "nl") == "vrijdag 15 mei 2026"
    assert day_in_words(moment, "en") == "Friday 15 May 2026"


def test_non_ascii_names_survive_the_trip(db_session):
    from email import message_from_bytes
    from email.policy import default

    from peiling.mailing.compose import as_bytes

    invitation = _invitations(db_session)[1]
    invitation.contact.name = "José Müller"
    invitation.contact.organisation.name = "Súdwest-Fryslân"
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    wire = as_bytes(build_message(invitation, "invitation", 0, MAIL, now))
    assert wire.isascii() and b"\r\n" in wire
    parsed = message_from_bytes(wire, policy=default)
    assert "Súdwest-Fryslân" in parsed["Subject"]
    assert parsed["To"].addresses[0].display_name == "José Müller"
    assert "Beste José Müller" in parsed.get_body(("plain",)).get_content()
    assert "Súdwest-Fryslân" in parsed.get_body(("html",)).get_content()


def test_a_wave_closing_at_midnight_shows_the_day_before_as_its_last_day():
    midnight_amsterdam = datetime(2026, 2, 13, 23, 0, tzinfo=UTC)  # 14 Feb 00:00 CET
    assert day_in_words(last_day(midnight_amsterdam), "nl") == "vrijdag 13 februari 2026"
    afternoon = datetime(2026, 2, 13, 16, 0, tzinfo=UTC)
    assert day_in_words(last_day(afternoon), "en") == "Friday 13 February 2026"
