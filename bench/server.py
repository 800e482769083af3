"""gunicorn for the benchmarks and the fault runs: started on 127.0.0.1, waited for, stopped; the
server's CPU time and memory read from /proc; one reader of the live room's event stream."""
import http.client
import os
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env, port, workers, threads, log=None, timeout=120, graceful_timeout=3, worker_class="gthread",
                   connections=1000):
    """gthread (or gevent: threads unused, connections per worker) workers serving wsgi:app with env
    on 127.0.0.1:port, once /healthz answers 200."""
    shape = ["--threads", str(threads)] if worker_class == "gthread" else ["--worker-connections", str(connections)]
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--workers", str(workers), "--worker-class", worker_class, *shape,
         "--bind", f"127.0.0.1:{port}", "--timeout", str(timeout),
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


def _server_processes(master_pid):
    """(pid, fields of /proc/pid/stat after the command name) of gunicorn's master and its workers."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == master_pid or int(fields[1]) == master_pid:
            yield int(entry), fields


def server_cpu_seconds(master_pid):
    """utime + stime of gunicorn's master and its workers, in seconds."""
    return sum(int(f[11]) + int(f[12]) for _, f in _server_processes(master_pid)) / CLOCK_TICKS


def worker_rss_bytes(master_pid):
    """Resident memory of gunicorn's workers (the master not counted), in bytes."""
    return sum(int(f[21]) for pid, f in _server_processes(master_pid) if pid != master_pid) * PAGE_BYTES


def open_event_stream(port, path, cookie, timeout=30):
    """(connection, response) of an event stream of 127.0.0.1:port; RuntimeError unless it answers 200."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("GET", path, headers={"Cookie": cookie, "Accept": "text/event-stream"})
    response = connection.getresponse()
    if response.status != 200:
        connection.close()
        raise RuntimeError(f"stream answered {response.status}")
    return connection, response


def cut_event_stream(connection):
    """Cut an open stream now (its reader may be blocked until the next heartbeat), so that the
    server's thread or greenlet is free again."""
    if connection is not None and connection.sock is not None:
        try:
            connection.sock.shutdown(2)
        except OSError:
            pass


def sse_events(response):
    """(event name, data) of each message of an open event stream as it arrives, until the stream ends;
    a comment (the heartbeat) gives (None, None), so that a reader can look at its stop flag."""
    name, data = None, []
    for raw in iter(response.fp.readline, b""):
        line = raw.decode().rstrip("\n")
        if not line:
            if name is not None or data:
                yield name or "message", "\n".join(data)
            name, data = None, []
        elif line.startswith(":"):
            yield None, None
        elif line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data.append(line[6:])
