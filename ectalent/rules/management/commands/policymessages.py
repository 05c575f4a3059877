from django.core.management.base import BaseCommand, CommandError

from ectalent.rules.policy_texts import MODULE_PATH, render_module


class Command(BaseCommand):
    help = "Write ectalent/rules/policy_messages.py: the policy packs' display names, for makemessages."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only check that the module is current")

    def handle(self, *args, **options):
        text = render_module()
        current = MODULE_PATH.read_text(encoding="utf-8") if MODULE_PATH.exists() else ""
        if options["check"]:
            if current != text:
                raise CommandError("policy_messages.py 已过期，请运行 ectalent policymessages / is stale: run ectalent policymessages")
            return
        if current != text:
            MODULE_PATH.write_text(text, encoding="utf-8")
        self.stdout.write(f"{MODULE_PATH.name}: {text.count('gettext_noop(') - 1} texts")
