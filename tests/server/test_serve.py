"""``make serve`` itself: scripts/serve.py starts, serves the site and the backend, and stops."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.status, answer.read()


def test_serve_script_serves_site_and_api(site_dir: Path, tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORMS_")}
    env.update(FORMS_INSTANCE_PATH=str(tmp_path), FORMS_SECRET_KEY="test")
    server = subprocess.Popen(
        [sys.executable, "-m", "scripts.serve", "--port", str(port), "--site", str(site_dir)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "make serve did not answer within 60 s"
                time.sleep(0.2)
        assert status == 200 and b'lang="zh-Hant-TW"' in body
        status, body = _get(f"http://127.0.0.1:{port}/api/health")
        assert status == 200 and json.loads(body) == {"status": "ok"}
    finally:
        server.terminate()
        server.wait(timeout=10)
