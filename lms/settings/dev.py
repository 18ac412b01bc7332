"""Development: SQLite, console email, demo data allowed."""

from .base import *  # noqa: F403
from .base import BASE_DIR, LOGGING, env

DEBUG = env.bool("DEBUG", default=True)
LMS_DEMO_ALLOWED = True

# `make run`: the background worker's routine log (two lines per task, over a
# thousand while the demo's pages are indexed) goes to var/worker.log instead
# of burying the demo accounts and the address; warnings and errors still show
# in the terminal (lms.settings.base, "worker_console").
WORKER_LOG = BASE_DIR / "var" / "worker.log"
WORKER_LOG.parent.mkdir(exist_ok=True)
LOGGING["handlers"]["worker_file"] = {
    "class": "logging.FileHandler",
    "filename": str(WORKER_LOG),
    "level": "INFO",
    # Opened on the first line, so a process that never logs there (runserver,
    # migrate) creates nothing.
    "delay": True,
}
for _name in ("django_tasks", "django_tasks_db"):
    LOGGING["loggers"][_name]["handlers"] = ["worker_console", "worker_file"]
