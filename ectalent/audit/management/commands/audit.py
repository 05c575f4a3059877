from django.core.management.base import BaseCommand, CommandError

from ectalent.audit.actions import verify_chain


class Command(BaseCommand):
    help = "审计日志：verify 校验哈希链 (check the hash chain and name the first broken event)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="校验审计哈希链")

    def handle(self, *args, **options):
        if options["subcommand"] == "verify":
            result = verify_chain()
            if result.ok:
                self.stdout.write(self.style.SUCCESS(f"审计链完整：共校验 {result.checked} 条事件。OK ({result.checked} events)"))
                return
            where = f"#{result.first_broken_seq}" + (f"（id={result.first_broken_id}）" if result.first_broken_id else "")
            raise CommandError(
                f"审计链在事件 {where} 处断开：{result.reason}。此前 {result.checked} 条完好。"
                f" Audit chain broken at event seq {result.first_broken_seq}."
            )
