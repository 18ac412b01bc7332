"""Development: SQLite, console email, demo data allowed."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
LMS_DEMO_ALLOWED = True
