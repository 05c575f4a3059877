from django.core.management import call_command
from django.core.management.base import BaseCommand

from ectalent.core.demo import DEMO_PASSWORD, USERS, demo_loaded, load_demo


class Command(BaseCommand):
    help = "载入演示数据（单位、人员、各角色演示账号）。Load the demo data set (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=240, help="演示人员数量")
        parser.add_argument("--quiet-logins", action="store_true", help="不打印演示账号")

    def handle(self, *args, people, quiet_logins, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if demo_loaded():
            self.stdout.write("演示数据已存在，跳过载入。Demo data already present.")
        else:
            summary = load_demo(people=people)
            self.stdout.write(self.style.SUCCESS(
                f"已载入演示数据：{summary['organisations']} 个单位、{summary['people']} 名人员、{summary['users']} 个账号。"
            ))
        from ectalent.tracking.demo import load_tracking_demo

        tracking = load_tracking_demo()
        if not tracking.get("skipped"):
            self.stdout.write(f"政策落实跟踪演示数据：{tracking}")
        if not quiet_logins:
            self.stdout.write("\n演示账号（密码均为 %s）/ Demo logins (password %s):" % (DEMO_PASSWORD, DEMO_PASSWORD))
            for username, display, role, code, org in USERS:
                self.stdout.write(f"  {username:<16} {role.label:<12} {display}")
            from ectalent.tracking.demo import DEPARTMENT_USERS

            for username, display, role, org in DEPARTMENT_USERS:
                self.stdout.write(f"  {username:<16} {role.label:<12} {display}")
