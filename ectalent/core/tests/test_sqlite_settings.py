"""Issue 9.6: the safe SQLite settings (IMMEDIATE transactions, busy timeout, WAL) hold however the database is named."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = r"""
import json, sys, threading
import django
django.setup()
from django.conf import settings
from django.db import connection, connections, transaction
print(json.dumps(settings.DATABASES["default"]["OPTIONS"], default=str))
with connection.cursor() as c:
    c.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, n INTEGER)")
    c.execute("PRAGMA journal_mode")
    print(c.fetchone()[0])
errors = []
barrier = threading.Barrier(6)

def writer():
    try:
        barrier.wait()
        for _ in range(5):
            # read, then write: under DEFERRED two such transactions deadlock and one fails at once with
            # "database is locked" (the busy timeout cannot help); under IMMEDIATE the second waits.
            with transaction.atomic():
                with connection.cursor() as c:
                    c.execute("SELECT COUNT(*) FROM t")
                    n = c.fetchone()[0]
                    c.execute("INSERT INTO t (n) VALUES (%s)", [n])
    except Exception as exc:  # noqa: BLE001
        errors.append(repr(exc))
    finally:
        connections.close_all()

threads = [threading.Thread(target=writer) for _ in range(6)]
for t in threads: t.start()
for t in threads: t.join()
with connection.cursor() as c:
    c.execute("SELECT COUNT(*) FROM t")
    print(c.fetchone()[0])
print(json.dumps(errors))
"""


def test_sqlite_by_database_url_keeps_safe_settings_under_concurrent_writes(tmp_path):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'named.sqlite3'}",
               DJANGO_SETTINGS_MODULE="ectalent.settings")
    env.pop("DATABASE_REPLICA_URL", None)
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    options_line, journal, count, errors = out.stdout.strip().splitlines()[-4:]
    options = json.loads(options_line)
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert journal == "wal"
    assert json.loads(errors) == []
    assert count == "30"
