"""A Jinja loader for a wave's own mail templates in shared storage, checked again every 30 s."""

from __future__ import annotations

import time

from jinja2 import BaseLoader, Environment, TemplateNotFound

from peiling import storage

# A template changed in storage is in use this long after the change at most; a miss is
# remembered as long, so a send of many messages asks the storage once per template, not per mail.
RECHECK_SECONDS = 30.0


class StorageLoader(BaseLoader):
    """Load templates from one storage folder (a URL or a local folder)."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._missing: dict[str, float] = {}

    def get_source(self, environment: Environment, template: str):
        """Return the template's text, or raise TemplateNotFound when the folder lacks it."""
        now = time.monotonic()
        if now - self._missing.get(template, -RECHECK_SECONDS) < RECHECK_SECONDS:
            raise TemplateNotFound(template)
        location = storage.join(self.folder, template)
        if not storage.exists(location):
            self._missing[template] = now
            raise TemplateNotFound(template)
        self._missing.pop(template, None)
        source = storage.read_text(location)
        return source, location, lambda: time.monotonic() - now < RECHECK_SECONDS
