"""Run the real app under gunicorn in a child process on loopback, optionally with TLS."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.certificates import self_signed


def free_port() -> int:
    """Return a TCP port on loopback that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unverified() -> ssl.SSLContext:
    """Return a client TLS context that accepts the self-signed test certificate."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def fetch(url: str, timeout: float = 10):
    """GET a URL on the test server (any certificate, cookies kept across its redirects)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=unverified()), urllib.request.HTTPCookieProcessor()
    )
    return opener.open(url, timeout=timeout)


@contextmanager
def gunicorn(database_url: str, folder: Path, tls: bool = False, workers: int = 1):
    """Serve the app with gunicorn; yield (base URL, log file). The log is complete on exit."""
    port = free_port()
    scheme = "https" if tls else "http"
    base = f"{scheme}://127.0.0.1:{port}"
    options: dict = {"control_socket_disable": True}  # several test servers may run at once
    if tls:
        certfile, keyfile = self_signed(folder)
        options |= {"certfile": str(certfile), "keyfile": str(keyfile)}
    env = {
        **os.environ,
        "PEILING_DATABASE_URL": database_url,
        "PEILING_DATA_DIR": str(folder / "data"),
        "PEILING_SECRET_KEY": "test-secret-key",
        "PEILING_BASE_URL": base,
    }
    code = (
        "from peiling.webforms.server import run_gunicorn;"
        f"run_gunicorn('127.0.0.1:{port}', workers={workers}, threads=4, **{options!r})"
    )
    log = folder / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", code], env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_up(base + "/healthz", process, log)
            yield base, log
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped:\n" + log.read_text(errors="replace"))
        try:
            with fetch(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer:\n" + log.read_text(errors="replace"))
