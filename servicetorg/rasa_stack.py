"""Starting and stopping the Rasa side: the action server and the Rasa server, from .venv-rasa.

Used by `servicetorg eval`, `ask`, `bench` and `run`: the same processes and the same HTTP path
as in production, on loopback ports. The model is loaded once, when the server starts.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

import httpx

from servicetorg.settings import REPO_ROOT

RASA_VENV = REPO_ROOT / ".venv-rasa"
MODEL = REPO_ROOT / "models" / "servicetorg.tar.gz"


class StackError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RasaStack:
    """`with RasaStack() as stack:` starts both servers and waits until they answer."""

    def __init__(
        self,
        model: Path = MODEL,
        rasa_port: Optional[int] = None,
        actions_port: Optional[int] = None,
        log_dir: Optional[Path] = None,
        startup_timeout: float = 180.0,
        servers: int = 1,
    ):
        self.model = Path(model)
        self.rasa_port = rasa_port or free_port()
        # More Rasa servers use more cores (each runs its model on one); see RasaClient.
        self.rasa_ports = [self.rasa_port] + [free_port() for _ in range(max(1, servers) - 1)]
        self.actions_port = actions_port or free_port()
        self.log_dir = log_dir
        self.startup_timeout = startup_timeout
        self._processes: list[subprocess.Popen] = []
        self._tmp = tempfile.TemporaryDirectory(prefix="servicetorg-rasa-")

    @property
    def rasa_url(self) -> str:
        """One URL, or several comma-separated (what RasaClient and SERVICETORG_RASA_URL take)."""
        return ",".join(f"http://127.0.0.1:{port}" for port in self.rasa_ports)

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}"

    def __enter__(self) -> "RasaStack":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _check(self) -> None:
        if not (RASA_VENV / "bin" / "rasa").exists():
            raise StackError(f"{RASA_VENV} is missing: run `make setup` (or `make run`) first")
        if not self.model.exists():
            raise StackError(f"no trained model at {self.model}: run `make model`")

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONUNBUFFERED": "1",
               "TF_CPP_MIN_LOG_LEVEL": "2", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{name}.log", "ab")
        else:
            out = subprocess.DEVNULL
        process = subprocess.Popen(args, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        self._processes.append(process)
        return process

    def start(self) -> None:
        self._check()
        tmp = Path(self._tmp.name)
        endpoints = tmp / "endpoints.yml"
        endpoints.write_text(f"action_endpoint:\n  url: {self.actions_url}/webhook\n", encoding="utf-8")
        credentials = tmp / "credentials.yml"
        credentials.write_text("rest:\n", encoding="utf-8")
        bin_dir = RASA_VENV / "bin"
        self._spawn("actions", [str(bin_dir / "rasa"), "run", "actions", "--actions", "bot.actions",
                                "--port", str(self.actions_port)])
        for n, port in enumerate(self.rasa_ports):
            self._spawn(f"rasa-{n}" if n else "rasa",
                        [str(bin_dir / "rasa"), "run", "--enable-api", "--model", str(self.model),
                         "--endpoints", str(endpoints), "--credentials", str(credentials),
                         "--interface", "127.0.0.1", "--port", str(port)])
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        ready = {"actions": False, **{port: False for port in self.rasa_ports}}
        while time.monotonic() < deadline:
            for process in self._processes:
                if process.poll() is not None:
                    self.stop()
                    raise StackError(f"a Rasa process exited early ({process.args[1:3]}); see its log")
            try:
                ready["actions"] = ready["actions"] or httpx.get(f"{self.actions_url}/health", timeout=2).status_code == 200
                for port in self.rasa_ports:
                    if not ready[port]:
                        status = httpx.get(f"http://127.0.0.1:{port}/status", timeout=2)
                        ready[port] = status.status_code == 200 and bool(status.json().get("model_file"))
            except (httpx.HTTPError, ValueError):
                pass
            if all(ready.values()):
                return
            time.sleep(0.5)
        self.stop()
        raise StackError(f"Rasa did not start within {self.startup_timeout:.0f} s")

    def stop(self) -> None:
        for process in self._processes:
            if process.poll() is None:
                process.terminate()
        for process in self._processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self._processes.clear()


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
