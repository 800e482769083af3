"""The one job queue for background work (e-mails, exports, digests): Huey.

Embedded default: a SQLite file in instance/ (JOBS_SQLITE_PATH); with REDIS_URL set, Redis, which
several hosts share. A job is stored until a consumer runs it, so it survives a restart of the web
workers. The consumer is `flask --app wsgi jobs` (or `huey_consumer roadmap.worker.huey`); `make
run` starts one in-process (JOBS_IN_PROCESS). With DEFERRED_WORK_INLINE (the tests) Huey runs in
immediate mode: a job runs as soon as it is enqueued, in the enqueuing thread.

A job is a module-level function named by "module:qualname" (so that any process can import it)
with arguments Huey can pickle (ids, strings, bytes). It runs in an application context of its
own with a request context on PUBLIC_URL, so that url_for() and force_locale() work. A job that
raises is logged and retried JOB_RETRIES times, waiting JOB_RETRY_DELAY seconds, doubled each
time (an SMTP server down for an hour is waited for; the person who acted never sees it).
"""
import importlib
import logging

from huey import RedisHuey, SqliteHuey

log = logging.getLogger(__name__)
TASK_NAME = "roadmap.run_job"


def job_name(func):
    """The stable name another process imports the job by; local functions cannot be jobs."""
    name = f"{func.__module__}:{func.__qualname__}"
    if "<" in name:
        raise ValueError(f"a job must be a module-level function, not {name}")
    return name


def _resolve(name):
    module, _sep, qualname = name.partition(":")
    target = importlib.import_module(module)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target


def make_huey(config):
    inline = bool(config.get("DEFERRED_WORK_INLINE"))
    if config.get("REDIS_URL") and not inline:
        return RedisHuey("roadmap", url=config["REDIS_URL"], results=False)
    path = config.get("JOBS_SQLITE_PATH") or (config["INSTANCE_DIR"] / "jobs.sqlite3")
    return SqliteHuey("roadmap", filename=str(path), immediate=inline, results=False)


def init_queue(app):
    """Bind a Huey instance to the app (app.extensions["huey"]) with the one task that runs jobs."""
    huey = make_huey(app.config)
    config = app.config

    @huey.task(retries=config["JOB_RETRIES"], retry_delay=config["JOB_RETRY_DELAY"], retry_backoff=2,
               name=TASK_NAME)
    def run_job(name, args, kwargs):
        from roadmap.extensions import db

        func = _resolve(name)
        with app.app_context(), app.test_request_context("/", base_url=app.config["PUBLIC_URL"]):
            try:
                return func(*args, **kwargs)
            except Exception:
                db.session.rollback()
                app.logger.exception("Job %s%r failed (it is retried while retries remain)", name, tuple(args))
                raise
            finally:
                db.session.remove()

    app.extensions["huey"] = huey
    app.extensions["huey_task"] = run_job
    return huey


def enqueue_now(app, func, *args, retries=None, **kwargs):
    """Hand the job to the queue at once (callers wait for their commit first: deferred.py)."""
    task = app.extensions["huey_task"]
    options = {} if retries is None else {"retries": retries}
    app.extensions["huey"].enqueue(task.s(job_name(func), list(args), kwargs, **options))


def run_pending(app, now=None):
    """Run every job waiting in the queue and every retry that is due, in this thread, until none is
    left; returns how many ran (tests, and `flask jobs --once` from cron without a consumer)."""
    huey = app.extensions["huey"]
    count = 0
    while True:
        for task in huey.read_schedule(now):
            huey.enqueue(task)
        task = huey.dequeue()
        if task is None:
            return count
        huey.execute(task, now)
        count += 1


def start_consumer_thread(app, workers=1):
    """The dev server's consumer: Huey's scheduler and workers as daemon threads of this process,
    without the signal handlers Huey's own consumer installs (Ctrl-C stays the server's)."""
    huey = app.extensions["huey"]
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=False)
    consumer.scheduler.start()
    for _worker, thread in consumer.worker_threads:
        thread.start()
    log.info("Job consumer started in-process with %d worker(s)", workers)
    return consumer
