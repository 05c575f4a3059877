"""``ectalent certificate …``: check a certificate QR code offline, print the public key, check a number.

``verify-qr`` and ``check-number`` touch no database: they work on a laptop with only the published public key.
"""

from django.core.management.base import BaseCommand, CommandError

from ectalent.certification import certificates as certs


class Command(BaseCommand):
    help = ("证书工具：verify-qr 离线核验二维码签名；public-key 输出签名公钥；check-number 校验证书编号"
            " (certificate tools: offline QR signature check, public key, number check)")
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify-qr", help="离线核验证书二维码中的 Ed25519 签名")
        verify.add_argument("qr_text", help="二维码的完整内容（核验网址）")
        verify.add_argument("--public-key", dest="public_key", required=True,
                            help="公钥文件：PEM，或门户 /certification/verify/public-key.json 的 JSON")
        verify.add_argument("--base-url", dest="base_url", default=None,
                            help="本平台的公开地址（默认取 ECTALENT_PUBLIC_BASE_URL）；二维码指向其他地址时报告并以状态 1 退出")
        key = sub.add_parser("public-key", help="输出本平台的签名公钥（PEM 或 JSON）")
        key.add_argument("--json", action="store_true", help="输出 JSON（含 key_id）")
        number = sub.add_parser("check-number", help="校验证书编号的格式和校验位")
        number.add_argument("number")

    def handle(self, *args, **options):
        handler = {"verify-qr": self._verify_qr, "public-key": self._public_key,
                   "check-number": self._check_number}[options["subcommand"]]
        handler(options)

    def _verify_qr(self, options):
        try:
            key = certs.load_public_key_file(options["public_key"])
        except (OSError, ValueError, certs.SigningKeyError) as exc:
            raise CommandError(f"无法读取公钥文件 {options['public_key']}：{exc}") from exc
        result = certs.verify_qr_text(options["qr_text"], key)
        if not result.valid:
            raise CommandError(f"{result.message}（signature INVALID）")
        payload = result.payload or {}
        self.stdout.write(self.style.SUCCESS(f"{result.message}（signature OK, key {result.key_id}）"))
        rows = [("证书编号", payload.get("number")), ("持证人", payload.get("name_masked")),
                ("身份证号", payload.get("id_masked")), ("职业等级", payload.get("level")),
                ("方向", "、".join(payload.get("directions") or []) or "—"), ("发证日期", payload.get("issued_on")),
                ("发证机构", payload.get("issuer"))]
        for label, value in rows:
            self.stdout.write(f"{label}：{value}")
        self.stdout.write("注意：签名只证明内容由发证机构签发；证书是否已撤销，请以核验页面的当前状态为准。")
        from ectalent.core.public_url import configured_base_url

        base_url = (options.get("base_url") or configured_base_url()).rstrip("/")
        if not base_url:
            self.stdout.write("未配置 ECTALENT_PUBLIC_BASE_URL（也未给出 --base-url），未核对二维码指向的地址。"
                              "（host not checked: no base URL configured）")
            return
        problem = certs.qr_host_problem(options["qr_text"], base_url)
        if problem:
            raise CommandError(f"{problem}（signature OK but WRONG HOST）")
        self.stdout.write(f"二维码指向本平台的核验地址 {base_url}{certs.VERIFY_PATH}（host OK）")

    def _public_key(self, options):
        if options["json"]:
            import json

            self.stdout.write(json.dumps(certs.public_key_document(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(certs.public_key_pem().rstrip("\n"))

    def _check_number(self, options):
        result = certs.validate_number(options["number"])
        if not result.ok:
            raise CommandError(result.message)
        self.stdout.write(self.style.SUCCESS(f"{result.number}：格式和校验位正确。"))
