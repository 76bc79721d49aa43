"""Empty on purpose: the interface texts are in the gettext catalogs (webforms/translations).

A translator edits webforms/translations/<lang>/LC_MESSAGES/messages.po; see docs/development.md.
These dicts only catch texts that a branch made before the move still adds here: they are moved
into the catalogs when it is merged, and a test keeps the dicts empty.
"""

NL: dict[str, str] = {}

EN: dict[str, str] = {}
