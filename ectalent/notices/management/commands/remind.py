from django.core.management.base import BaseCommand

from ectalent.notices.actions import deliver
from ectalent.notices.reminders import send_due


class Command(BaseCommand):
    help = "发送到期提醒（每条只发一次），并投递待发送的邮件和短信 / send due reminders once and deliver the outbox"

    def handle(self, *args, **options):
        reminders = send_due()
        counts = deliver()
        self.stdout.write(f"reminders={reminders} sent={counts['sent']} failed={counts['failed']}")
