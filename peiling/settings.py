"""The one settings object: every PEILING_* variable, its default and its help text."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

from peiling.errors import UserError
from peiling.local_services import catcher_url

PREFIX = "PEILING_"


def _setting(default, help: str, secret: bool = False, parse=None):
    return field(default=default, metadata={"help": help, "secret": secret, "parse": parse})


def _whole_number(minimum: int = 1):
    def parse(text: str) -> int:
        try:
            value = int(str(text).strip())
        except ValueError:
            raise UserError(f"must be a whole number, not {text!r}") from None
        if value < minimum:
            raise UserError(f"must be at least {minimum}, not {text!r}")
        return value

    return parse


def parse_rate_limit(text: str) -> tuple[int, int]:
    """Read a limit written as COUNT/SECONDS, e.g. 20/300."""
    try:
        count, seconds = (int(part) for part in str(text).split("/"))
    except ValueError:
        raise UserError(f"a rate limit is COUNT/SECONDS, e.g. 20/300, not {text!r}") from None
    if count < 1 or seconds < 1:
        raise UserError(f"a rate limit needs a count and seconds of at least 1, not {text!r}")
    return count, seconds


def _yes_no(text) -> bool:
    if isinstance(text, bool):
        return text
    value = str(text).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise UserError(f"must be true or false, not {text!r}")


def _rate_limit(text: str) -> str:
    parse_rate_limit(text)
    return str(text)


def _url(*schemes: str):
    def parse(text: str) -> str:
        if text and urlsplit(text).scheme not in schemes:
            raise UserError(
                f"must start with {' or '.join(s + '://' for s in schemes)}, not {text!r}"
            )
        return text

    return parse


@dataclass(frozen=True)
class Settings:
    """Settings read from the environment; every field is a PEILING_<NAME> variable."""

    data_dir: str = _setting(
        "var", "Folder for the SQLite database, the secret key, caught mail and exports."
    )
    storage_url: str = _setting(
        "",
        "Shared storage for cleaned datasets, exports and mail templates, as an fsspec URL "
        "(s3://bucket/peiling, file:///srv/peiling). Default: the data folder.",
    )
    database_url: str = _setting(
        "", "SQLAlchemy database URL. Default: SQLite file peiling.sqlite3 in the data folder."
    )
    base_url: str = _setting(
        "http://127.0.0.1:8000",
        "Public address of the questionnaire; personal links start with it.",
        parse=_url("http", "https"),
    )
    bind: str = _setting("", "Address gunicorn listens on. Default: host and port of the base URL.")
    secret_key: str = _setting(
        "",
        "Key for sessions, CSRF and link tokens. Default: generated once, kept in the data folder.",
        secret=True,
    )
    smtp_url: str = _setting(
        "",
        "Mail server: smtp://host:port, smtp+starttls://user:pass@host:587 or "
        "smtps://user:pass@host:465. Default: the data folder's own mail catcher "
        "(its port kept in mailcatcher.port).",
        secret=True,
        parse=_url("smtp", "smtp+starttls", "smtps"),
    )
    smtp_timeout: int = _setting(
        30,
        "Seconds to wait for the mail server at each step; a message whose data went out "
        "without a reply within it has an unknown outcome.",
        parse=_whole_number(),
    )
    mail_from: str = _setting(
        "ESS behoeftepeiling <peiling@example.org>", "Sender address of invitations and reminders."
    )
    contact_email: str = _setting(
        "ess@example.org", "ESS contact address shown to respondents (closed wave, questions)."
    )
    web_workers: int = _setting(
        2, "Number of gunicorn worker processes for `peiling serve`.", parse=_whole_number()
    )
    trusted_proxies: int = _setting(
        0,
        "Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted (0: none).",
        parse=_whole_number(0),
    )
    token_rate_limit: str = _setting(
        "20/300",
        "Failed link attempts allowed per client address: COUNT/SECONDS.",
        parse=_rate_limit,
    )
    small_cell_k: int = _setting(
        5, "Breakdown cells with fewer responses are suppressed.", parse=_whole_number()
    )
    staff_require_totp: bool = _setting(
        False, "Admins must log in with a TOTP code as second factor.", parse=_yes_no
    )
    staff_idle_minutes: int = _setting(
        30, "A staff session ends after this many minutes without a request.", parse=_whole_number()
    )
    login_rate_limit: str = _setting(
        "10/900",
        "Failed staff logins allowed per address, and per account from one address: COUNT/SECONDS.",
        parse=_rate_limit,
    )
    retention_years: int = _setting(
        5,
        "`peiling retention apply` forgets the contact data of waves closed more than this many "
        "years ago (names, addresses, links, personal answers); answers and figures stay.",
        parse=_whole_number(),
    )

    def __post_init__(self) -> None:
        """Parse and check every value now, so a bad one fails at start-up with its name."""
        for f in fields(self):
            parse = f.metadata["parse"]
            if parse is None:
                continue
            try:
                object.__setattr__(self, f.name, parse(getattr(self, f.name)))
            except UserError as exc:
                raise UserError(f"{PREFIX}{f.name.upper()} {exc.message}") from None

    # -- derived values -------------------------------------------------------------------
    @property
    def data_path(self) -> Path:
        return Path(self.data_dir).expanduser().resolve()

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_path / 'peiling.sqlite3'}"

    @property
    def effective_secret_key(self) -> str:
        if self.secret_key:
            return self.secret_key
        return _stored_secret(self.data_path)

    @property
    def effective_smtp_url(self) -> str:
        if self.smtp_url:
            return self.smtp_url
        return catcher_url(self.data_path)

    @property
    def effective_bind(self) -> str:
        if self.bind:
            return self.bind
        parts = urlsplit(self.base_url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return f"{parts.hostname or '127.0.0.1'}:{port}"

    @property
    def is_https(self) -> bool:
        return self.base_url.startswith("https://")

    def describe(self) -> list[tuple[str, str, str]]:
        """List (variable, shown value, help) for every setting; secrets are masked."""
        rows = []
        for f in fields(self):
            value = str(getattr(self, f.name))
            shown = _mask(value, f.name) if f.metadata["secret"] else value
            if not value:
                shown = "(default) " + _default_note(self, f.name)
            rows.append((PREFIX + f.name.upper(), shown, f.metadata["help"]))
        return rows


def _default_note(settings: Settings, name: str) -> str:
    if name == "database_url":
        return settings.effective_database_url
    if name == "secret_key":
        return "generated, kept in " + str(settings.data_path / "secret_key")
    if name == "bind":
        return settings.effective_bind
    if name == "smtp_url":
        return settings.effective_smtp_url + " (the data folder's mail catcher)"
    return ""


def _mask(value: str, name: str) -> str:
    if not value:
        return value
    if name == "smtp_url":
        parts = urlsplit(value)
        if parts.password:
            return value.replace(f":{parts.password}@", ":****@")
        return value
    return "****"


def _stored_secret(data_path: Path) -> str:
    path = data_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def setting_names() -> list[str]:
    """Return every environment variable name that Settings reads."""
    return [PREFIX + f.name.upper() for f in fields(Settings)]


def from_environ(environ: dict[str, str] | None = None) -> Settings:
    """Build Settings from PEILING_* variables, the defaults filling the rest."""
    environ = os.environ if environ is None else environ
    values = {}
    for f in fields(Settings):
        name = PREFIX + f.name.upper()
        if name in environ:
            values[f.name] = environ[name]
    return Settings(**values)


_current: Settings | None = None


def get_settings() -> Settings:
    """Return the settings of this process (read from the environment once)."""
    global _current
    if _current is None:
        _current = from_environ()
    return _current


def override(**changes: str) -> Settings:
    """Replace settings for this process (tests, the demo); returns the new settings."""
    global _current
    _current = replace(get_settings(), **changes)
    return _current


def reset() -> None:
    """Forget the cached settings so the next call reads the environment again."""
    global _current
    _current = None
