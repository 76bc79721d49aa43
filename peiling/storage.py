"""Shared storage: the files every worker must see, at PEILING_STORAGE_URL or the data folder.

Cleaned datasets, exports and per-wave mail templates live here. A location is a URL that
fsspec understands (``s3://bucket/peiling``, ``file:///srv/peiling``, ``memory://peiling``) or a
local folder; keys below it are joined with ``/``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import fsspec
from fsspec.implementations.local import LocalFileSystem

from peiling.errors import UserError
from peiling.settings import get_settings


def root(data_path: Path | str | None = None) -> str:
    """Return the storage root: PEILING_STORAGE_URL, else the given or configured data folder."""
    url = get_settings().storage_url
    if url:
        return url.rstrip("/")
    return str(Path(data_path) if data_path is not None else get_settings().data_path)


def join(base: str | Path, *parts: str) -> str:
    """Return the location of a key below base."""
    return "/".join([str(base).rstrip("/"), *(p.strip("/") for p in parts)])


def _fs(location: str | Path) -> tuple[fsspec.AbstractFileSystem, str]:
    try:
        return fsspec.core.url_to_fs(str(location))
    except (ImportError, ValueError) as exc:
        raise UserError(f"storage {location}: {exc}") from None


def exists(location: str | Path) -> bool:
    """Tell whether a file is stored at the location."""
    fs, path = _fs(location)
    return fs.isfile(path)


def remove(location: str | Path) -> bool:
    """Delete the stored file at the location; return whether there was one."""
    fs, path = _fs(location)
    if not fs.isfile(path):
        return False
    fs.rm_file(path)
    return True


def read_bytes(location: str | Path) -> bytes:
    """Return the stored file's content."""
    fs, path = _fs(location)
    return fs.cat_file(path)


def read_text(location: str | Path) -> str:
    """Return the stored text file's content."""
    return read_bytes(location).decode("utf-8")


def write_bytes(location: str | Path, data: bytes) -> str:
    """Store data at the location (its folders are made); return the location."""
    fs, path = _fs(location)
    fs.makedirs(fs._parent(path), exist_ok=True)
    fs.pipe_file(path, data)
    return str(location)


def write_text(location: str | Path, text: str) -> str:
    """Store text (UTF-8) at the location; return the location."""
    return write_bytes(location, text.encode("utf-8"))


def upload(local: Path, location: str | Path) -> str:
    """Store a local file at the location; return the location."""
    fs, path = _fs(location)
    fs.makedirs(fs._parent(path), exist_ok=True)
    fs.put_file(str(local), path)
    return str(location)


def relative(location: str | Path, base: str | Path) -> str:
    """Return the key of a location below base (the location itself when it is elsewhere)."""
    prefix = str(base).rstrip("/") + "/"
    text = str(location)
    return text[len(prefix) :] if text.startswith(prefix) else text


@contextmanager
def local_copy(location: str | Path) -> Iterator[Path]:
    """Yield a local file with the stored content (the file itself when storage is local)."""
    fs, path = _fs(location)
    if isinstance(fs, LocalFileSystem):
        yield Path(path)
        return
    folder = Path(tempfile.mkdtemp(prefix="peiling-"))
    try:
        target = folder / Path(path).name
        fs.get_file(path, str(target))
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)
