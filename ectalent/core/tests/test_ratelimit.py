"""Issue 9.9: the public verification limit is counted in a shared store (not per process), forwarded addresses are
believed only from configured proxies, and certificate numbers are not a running sequence."""
import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import RequestFactory

from ectalent.certification import certificates as certs
from ectalent.certification.choices import Level
from ectalent.core import ratelimit
from ectalent.core.models import RateCount

pytestmark = pytest.mark.django_db


def test_the_limit_holds_when_the_next_request_reaches_another_process(client, settings):
    settings.ECTALENT_VERIFY_RATE_LIMIT = 2
    for _ in range(2):
        assert client.get("/certification/verify/", {"n": "ZJA20250000019"}).status_code == 200
        cache.clear()  # the next request is answered by another worker: no memory of this one's
    assert client.get("/certification/verify/", {"n": "ZJA20250000019"}).status_code == 429
    assert RateCount.objects.exists()


def test_a_client_sent_forwarded_address_is_not_believed(client, settings):
    settings.ECTALENT_VERIFY_RATE_LIMIT = 3
    settings.ECTALENT_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"  # the old setting: no longer a way around the limit
    settings.ECTALENT_TRUSTED_PROXIES = []
    codes = [client.get("/certification/verify/", {"n": "ZJA20250000019"}, HTTP_X_REAL_IP=f"198.51.100.{i}",
                        HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_client_ip_believes_only_trusted_proxies(settings):
    rf = RequestFactory()
    settings.ECTALENT_TRUSTED_PROXIES = ["10.0.0.0/24", "127.0.0.1"]
    spoofed = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_REAL_IP="1.2.3.4", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert ratelimit.client_ip(spoofed) == "198.51.100.7"
    via_proxy = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9")
    assert ratelimit.client_ip(via_proxy) == "203.0.113.9"
    # X-Forwarded-For: the right-most address that is not one of our proxies (the client may prepend anything)
    chain = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.10, 10.0.0.4")
    assert ratelimit.client_ip(chain) == "203.0.113.10"
    garbage = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert ratelimit.client_ip(garbage) == "127.0.0.1"


def test_hit_counts_in_a_window_and_resets():
    assert [ratelimit.hit("t", "a", window=60) for _ in range(3)] == [1, 2, 3]
    assert ratelimit.count("t", "a") == 3 and ratelimit.count("t", "b") == 0
    ratelimit.reset("t", "a")
    assert ratelimit.count("t", "a") == 0


def test_certificate_numbers_are_not_a_sequence():
    with transaction.atomic():
        allocator = certs.NumberAllocator()
        numbers = [allocator.next(Level.ASSISTANT, 2025) for _ in range(30)]
    assert len(set(numbers)) == 30
    assert all(certs.validate_number(n).ok for n in numbers)
    serials = [int(n[7:13]) for n in numbers]
    steps = {b - a for a, b in zip(serials, serials[1:])}
    assert steps != {1}  # not consecutive
    assert max(serials) - min(serials) > 1000  # spread over the serial space
