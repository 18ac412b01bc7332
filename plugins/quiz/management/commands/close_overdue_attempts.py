from django.core.management.base import BaseCommand

from plugins.quiz.taking import close_overdue_attempts


class Command(BaseCommand):
    help = (
        "Submit every quiz attempt whose time limit or close date has passed, with "
        "the answers saved before it. Attempts also close themselves the next time "
        "anyone opens them; run this from cron so grades and completion do not wait "
        "for that."
    )

    def handle(self, *args, **options):
        closed = close_overdue_attempts()
        self.stdout.write(f"Closed {closed} overdue attempt(s).")
