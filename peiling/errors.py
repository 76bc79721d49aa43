"""Errors a user can cause; the CLI and the web app turn them into one clear message."""


class UserError(Exception):
    """Raise for a problem the user can fix: bad input, a missing file, a refused action."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return "\n".join([self.message, *(f"  {line}" for line in self.details)])
