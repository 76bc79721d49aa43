"""peiling: a workflow and data-collection backend for periodic needs surveys."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("peiling")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
