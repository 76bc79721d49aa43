"""Keep the gettext catalogs of the interface texts: which keys the code names, and notes.

`make translations` runs `pybabel extract` (babel.cfg says where and which call names), then
`python -m peiling.webforms.catalogs annotate <pot>` gives every key of the template the Dutch
text as a "#." comment (a msgid is only a key, so a translator sees the text it stands for), then
`pybabel update` and `pybabel compile`. The tests use `extracted_keys` to hold the catalogs to
exactly the keys the code names.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from peiling.vocabulary import DEFAULT_LANGUAGE
from peiling.webforms.i18n import DOMAIN, TRANSLATIONS

SOURCE = Path(__file__).parent  # the webforms folder: code and templates
NOTE = f"{DEFAULT_LANGUAGE}: "


def po_path(lang: str, translations: Path = TRANSLATIONS) -> Path:
    """Return the path of a language's catalog."""
    return translations / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    """Read a .po or .pot file."""
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def extracted_keys(config: Path, source: Path = SOURCE) -> dict[str, list[str]]:
    """Return every key that `pybabel extract` finds with this babel.cfg, with its files."""
    with config.open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, str(config))
    found: dict[str, list[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(source), method_map, options_map, keywords=DEFAULT_KEYWORDS
    ):
        key = message if isinstance(message, str) else message[0]
        if key:
            found.setdefault(key, []).append(filename)
    return found


def annotate(pot: Path, translations: Path = TRANSLATIONS) -> int:
    """Give each key of a template the default language's text as a "#." comment; count them."""
    template = read_catalog(pot)
    source = read_catalog(po_path(DEFAULT_LANGUAGE, translations), DEFAULT_LANGUAGE)
    noted = 0
    for message in template:
        known = source.get(message.id) if message.id else None
        comments = [c for c in message.auto_comments if not c.startswith(NOTE)]
        if known is not None and known.string:
            comments.append(NOTE + " ".join(str(known.string).split()))
            noted += 1
        message.auto_comments = comments
    with pot.open("wb") as f:
        write_po(f, template, sort_output=True)
    return noted


def main(argv: list[str]) -> int:
    """Run `annotate POT` from the command line (the Makefile does)."""
    if len(argv) != 2 or argv[0] != "annotate":
        print("usage: python -m peiling.webforms.catalogs annotate MESSAGES.pot", file=sys.stderr)
        return 2
    noted = annotate(Path(argv[1]))
    print(f"noted the {DEFAULT_LANGUAGE} text of {noted} keys in {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
