"""gunicorn for the benchmarks and the fault runs: started on 127.0.0.1, waited for, stopped."""
import http.client
import os
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env, port, workers, threads, log=None, timeout=120, graceful_timeout=3):
    """gthread workers serving wsgi:app with env on 127.0.0.1:port, once /healthz answers 200."""
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--workers", str(workers), "--worker-class", "gthread",
         "--threads", str(threads), "--bind", f"127.0.0.1:{port}", "--timeout", str(timeout),
         "--graceful-timeout", str(graceful_timeout), "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT if log else None)
    deadline = time.monotonic() + 60
    while True:
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            probe.request("GET", "/healthz")
            if probe.getresponse().status == 200:
                return process
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            stop_gunicorn(process)
            raise RuntimeError("gunicorn did not start" + (f"; see {log.name}" if log else ""))
        time.sleep(0.2)


def stop_gunicorn(process):
    """Graceful first (the streams are cut after the graceful timeout), then killed."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
