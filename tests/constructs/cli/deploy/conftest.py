"""Fixtures of the deploy tests: a moto server (one per module, reset per test), a stubbed client.

The server is a subprocess (``python -m moto.server``) on a free port of 127.0.0.1; the tests
reach it the way any boto3 program would, through ``AWS_ENDPOINT_URL``.
"""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ._rollout_stubs import Cw
from ._stubs import Cfn

STARTUP_SECONDS = 30
STOP_SECONDS = 10


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/moto-api/", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="module")
def moto_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start ``moto.server`` on a free local port; yield its URL; stop it afterwards."""
    log = tmp_path_factory.mktemp("moto") / "server.log"
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _ready(url):
            if server.poll() is not None or time.monotonic() > deadline:
                state = "exited" if server.poll() is not None else "is not answering"
                pytest.fail(f"the moto server {state} after start; its log:\n{_text(log)}")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(STOP_SECONDS)


def _text(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-5000:]


@pytest.fixture
def aws(moto_server: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """An empty moto account reached through boto3's standard variables; return the URL."""
    request = urllib.request.Request(f"{moto_server}/moto-api/reset", method="POST")
    with urllib.request.urlopen(request, timeout=10):
        pass
    for name in (
        "AWS_PROFILE",
        "AWS_REGION",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL_CLOUDFORMATION",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    # A developer's own AWS config must not leak in.
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    return moto_server


@pytest.fixture
def cfn(monkeypatch: pytest.MonkeyPatch) -> Cfn:
    """A stubbed CloudFormation client behind ``_aws.cloudformation``; stdin is not a TTY."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    return Cfn(monkeypatch)


@pytest.fixture
def cw(monkeypatch: pytest.MonkeyPatch) -> Cw:
    """A stubbed CloudWatch client behind the one deploy makes for rollback alarms."""
    return Cw(monkeypatch)
