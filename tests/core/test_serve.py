"""`branchwork serve`: gunicorn configured from the environment (issue 18 §5)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from branchwork.core.management.commands.serve import gunicorn_options


def test_options_come_from_the_settings_and_the_arguments_override_them(settings):
    settings.SERVE_BIND = "0.0.0.0:9000"
    settings.SERVE_WORKERS = 4
    settings.SERVE_THREADS = 2
    settings.SERVE_TIMEOUT = 90
    options = gunicorn_options()
    assert (options["bind"], options["workers"], options["threads"], options["timeout"]) == (
        ["0.0.0.0:9000"],
        4,
        2,
        90,
    )
    options = gunicorn_options(bind="unix:/run/bw.sock", workers=1, timeout=5)
    assert (options["bind"], options["workers"], options["timeout"]) == (
        ["unix:/run/bw.sock"],
        1,
        5,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_requests_and_stops_on_sigterm(tmp_path):
    port = _free_port()
    env = {**os.environ, "BRANCHWORK_DATA_DIR": str(tmp_path), "SERVE_WORKERS": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("DATABASE_REPLICA_URL", None)
    command = shutil.which("branchwork") or os.path.join(
        os.path.dirname(sys.executable), "branchwork"
    )
    server = subprocess.Popen(
        [command, "serve", "--bind", f"127.0.0.1:{port}", "--timeout", "30"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = None
        for _ in range(600):  # up to 2 minutes on a loaded machine
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.2)
        assert body == b"ok", server.stdout.read() if server.poll() is not None else ""
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
    assert server.returncode == 0, output
    assert f"Serving Branchwork on 127.0.0.1:{port} with 1 worker(s)." in output
    assert "GET /healthz" in output  # the access log


def test_a_worker_count_below_one_is_refused():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="workers"):
        call_command("serve", "--workers", "0")
