from django.core.management.base import BaseCommand

from ectalent.registry.generate import generate_people


class Command(BaseCommand):
    help = "批量生成测试人员（用于性能测试）。Fill the registry at scale: ectalent generate --people 1000000"

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, required=True, help="生成人数")
        parser.add_argument("--seed", type=int, default=1, help="随机种子（相同种子生成相同数据）")
        parser.add_argument("--batch", type=int, default=100_000, help="每批写入人数")
        parser.add_argument("--no-records", action="store_true", help="不生成学历、工作经历等记录")

    def handle(self, *args, people, seed, batch, no_records, **options):
        def progress(done, total, seconds, stage="rows"):
            if stage == "committed":
                self.stdout.write(f"已写入并重建索引、提交（{seconds:.1f} 秒）；正在 VACUUM ANALYZE")
            else:
                self.stdout.write(f"已生成 {done:,}/{total:,} 人（{seconds:.1f} 秒）")
            self.stdout.flush()

        made = generate_people(people, seed=seed, batch=batch, records=not no_records, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"完成：共生成 {made:,} 人。"))
