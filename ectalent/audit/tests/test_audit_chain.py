"""The audit trail: one event per change in the change's own transaction, append-only, hash-chained, and
``ectalent audit verify`` finds any row altered, removed or truncated by hand."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from ectalent.accounts.choices import Role
from ectalent.audit.actions import record, verify_chain
from ectalent.audit.models import GENESIS_HASH, AuditAction, AuditChainHead, AuditEvent
from ectalent.registry import actions
from ectalent.registry.models import Organisation, Person
from ectalent.registry.tests.factories import make_person, make_user, valid_credit_code, valid_id_number

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table


def q(name: str) -> str:
    return connection.ops.quote_name(name)


def raw(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def actor(db):
    return make_user(Role.COUNTY_REVIEWER, "330782")


@pytest.fixture
def chain(actor):
    """Five events: create a person, update them, create an organisation, update it, reveal the ID number."""
    from ectalent.regions.models import Region

    person = Person(name="链甲", gender="M", birth_date="1990-05-17", id_number=valid_id_number("330782", gender="M"),
                    region=Region.objects.get(code="330782"))
    person.birth_date = __import__("ectalent.core.validators", fromlist=["x"]).id_number_birth_date(person.id_number)
    actions.save_person(person, acting_user=actor)
    person.name = "链甲改"
    actions.save_person(person, acting_user=actor)
    org = Organisation(name="链单位", kind="enterprise_service", credit_code=valid_credit_code("330782"),
                       region=Region.objects.get(code="330782"))
    actions.save_organisation(org, acting_user=actor)
    org.staff_total = 12
    actions.save_organisation(org, acting_user=actor)
    actions.reveal_person_field(person, "id_number", acting_user=actor)
    events = list(AuditEvent.objects.order_by("seq"))
    assert len(events) == 5
    return events


def verify_message() -> str:
    with pytest.raises(CommandError) as excinfo:
        call_command("audit", "verify")
    return str(excinfo.value)


# --- writing ------------------------------------------------------------------------------------


def test_create_and_update_write_events_with_actor_region_before_and_after(chain, actor):
    create, update, org_create, org_update, reveal = chain
    assert [e.action for e in chain] == ["create", "update", "create", "update", "view_pii"]
    assert all(e.actor_id == actor.pk and e.actor_label == actor.username for e in chain)
    assert all(e.region_id == "330782" for e in chain)
    assert create.before is None and create.after["name"] == "链甲"
    assert update.before == {"name": "链甲"} and update.after == {"name": "链甲改"}
    assert org_update.before == {"staff_total": None} and org_update.after == {"staff_total": 12}
    assert create.object_type == "registry.person" and org_create.object_type == "registry.organisation"
    assert create.created_at is not None


def test_saving_without_a_change_writes_no_update_event(chain, actor):
    person = Person.objects.get(name="链甲改")
    actions.save_person(person, acting_user=actor)
    assert AuditEvent.objects.count() == len(chain)


def test_events_are_chained(chain):
    assert chain[0].seq == 1 and chain[0].prev_hash == GENESIS_HASH
    for previous, event in zip(chain, chain[1:]):
        assert event.seq == previous.seq + 1
        assert event.prev_hash == previous.hash
    for event in chain:
        assert event.hash == event.compute_hash() and len(event.hash) == 64
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash) == (chain[-1].seq, chain[-1].hash)


def test_invalid_change_writes_neither_the_change_nor_an_event(chain, actor):
    from ectalent.regions.models import Region

    bad = Person(name="坏", gender="M", birth_date="1990-01-01", id_number="330782199005170010",
                 region=Region.objects.get(code="330782"))
    with pytest.raises(ValidationError):
        actions.save_person(bad, acting_user=actor)
    assert AuditEvent.objects.count() == len(chain)
    assert not Person.objects.filter(name="坏").exists()


def test_a_change_that_fails_after_its_event_is_written_leaves_no_event(chain, actor):
    """The event is written in the change's transaction: if the change fails late, the event goes too."""
    from ectalent.regions.models import Region

    class ExplodingRecords:
        instance = None

        def save(self):
            raise RuntimeError("records could not be saved")

    person = Person(name="半途", gender="M", id_number=valid_id_number("330782", gender="M"),
                    region=Region.objects.get(code="330782"))
    person.birth_date = __import__("ectalent.core.validators", fromlist=["x"]).id_number_birth_date(person.id_number)
    head_before = AuditChainHead.objects.get(pk=1)
    with pytest.raises(RuntimeError):
        actions.save_person(person, acting_user=actor, formsets=[ExplodingRecords()])
    assert not Person.objects.filter(name="半途").exists()
    assert AuditEvent.objects.count() == len(chain)
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash) == (head_before.last_seq, head_before.last_hash)
    call_command("audit", "verify")  # still a clean chain


def test_an_event_recorded_in_a_rolled_back_transaction_disappears_with_it(chain, actor):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            record(AuditAction.TRANSITION, None, actor=actor, object_type="test", object_repr="回滚")
            raise RuntimeError
    assert not AuditEvent.objects.filter(object_repr="回滚").exists()
    assert AuditChainHead.objects.get(pk=1).last_seq == len(chain)


def test_delete_is_recorded_with_the_before_state(chain, actor):
    person = make_person("330782")
    pk = person.pk
    actions.delete_person(person, acting_user=actor)
    event = AuditEvent.objects.latest("seq")
    assert event.action == AuditAction.DELETE and event.object_id == str(pk)
    assert event.before["id_number"] and event.after is None
    call_command("audit", "verify")


# --- append-only -------------------------------------------------------------------------------


def test_model_refuses_to_save_an_existing_event(chain):
    event = AuditEvent.objects.get(seq=2)
    event.object_repr = "改过"
    with pytest.raises(PermissionError):
        event.save()
    assert AuditEvent.objects.get(seq=2).object_repr != "改过"


def test_model_refuses_to_delete_an_event(chain):
    event = AuditEvent.objects.get(seq=2)
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.filter(seq=2).exists()


# --- verify -----------------------------------------------------------------------------------


def test_verify_passes_on_a_clean_chain(chain, capsys):
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "OK" in out and "5" in out
    assert verify_chain().ok


def test_verify_passes_on_an_empty_chain(db):
    call_command("audit", "verify")


def test_verify_finds_after_json_altered_by_raw_sql(chain):
    target = chain[1]
    raw(f"UPDATE {q(TABLE)} SET {q('after')} = %s WHERE {q('seq')} = %s", [json.dumps({"name": "伪造"}), target.seq])
    assert AuditEvent.objects.get(seq=target.seq).after == {"name": "伪造"}
    msg = verify_message()
    assert f"#{target.seq}" in msg and f"seq {target.seq}" in msg
    assert "篡改" in msg


def test_verify_finds_object_repr_altered_by_raw_sql(chain):
    target = chain[2]
    raw(f"UPDATE {q(TABLE)} SET {q('object_repr')} = %s WHERE {q('seq')} = %s", ["另一个单位", target.seq])
    result = verify_chain()
    assert not result.ok and result.first_broken_seq == target.seq
    assert f"seq {target.seq}" in verify_message()


def test_verify_finds_actor_altered_by_raw_sql(chain, db):
    other = make_user(Role.PROVINCE_ADMIN, "330000")
    target = chain[0]
    raw(f"UPDATE {q(TABLE)} SET {q('actor_id')} = %s WHERE {q('seq')} = %s", [other.pk, target.seq])
    assert f"seq {target.seq}" in verify_message()


def test_verify_finds_a_row_rehashed_by_hand_through_the_next_link(chain):
    """Changing a row and recomputing its own hash still breaks the next event's prev_hash."""
    target = chain[1]
    event = AuditEvent.objects.get(seq=target.seq)
    event.note = "伪造说明"
    new_hash = event.compute_hash()
    raw(f"UPDATE {q(TABLE)} SET {q('note')} = %s, {q('hash')} = %s WHERE {q('seq')} = %s", ["伪造说明", new_hash, target.seq])
    result = verify_chain()
    assert not result.ok and result.first_broken_seq == target.seq + 1
    assert "链条断开" in result.reason
    assert f"seq {target.seq + 1}" in verify_message()


def test_verify_finds_a_deleted_middle_row(chain):
    raw(f"DELETE FROM {q(TABLE)} WHERE {q('seq')} = %s", [3])
    result = verify_chain()
    assert not result.ok
    assert result.first_broken_seq == 4
    msg = verify_message()
    assert "#4" in msg and "删除" in msg


def test_verify_finds_a_deleted_last_row(chain):
    last = chain[-1]
    raw(f"DELETE FROM {q(TABLE)} WHERE {q('seq')} = %s", [last.seq])
    result = verify_chain()
    assert not result.ok
    msg = verify_message()
    assert f"#{last.seq}" in msg and "链尾" in msg


def test_verify_finds_a_deleted_first_row(chain):
    raw(f"DELETE FROM {q(TABLE)} WHERE {q('seq')} = %s", [1])
    result = verify_chain()
    assert not result.ok and result.first_broken_seq == 2


def test_verify_finds_an_inserted_row(chain):
    fake_event = AuditEvent(seq=99, created_at=chain[-1].created_at, action="create", object_type="x",
                            prev_hash=chain[-1].hash, hash="0" * 64)
    fake_event.hash = fake_event.compute_hash()
    fake_event.save()  # a new row at the end, but not through record(): the head does not know it
    result = verify_chain()
    assert not result.ok and result.first_broken_seq == 99


def test_verify_names_the_first_broken_event_when_several_are_altered(chain):
    for seq in (4, 2):
        raw(f"UPDATE {q(TABLE)} SET {q('object_repr')} = %s WHERE {q('seq')} = %s", ["x", seq])
    assert verify_chain().first_broken_seq == 2


def test_events_recorded_through_the_web_keep_the_chain_valid(db, client):
    user = make_user(Role.CITY_REVIEWER, "330700")
    person = make_person("330782")
    client.force_login(user)
    before = AuditEvent.objects.count()
    client.post(f"/registry/people/{person.pk}/reveal/phone/")
    client.get("/registry/people/export.csv")
    assert list(AuditEvent.objects.order_by("-seq").values_list("action", flat=True)[:2]) == ["export", "view_pii"]
    assert AuditEvent.objects.count() == before + 2
    call_command("audit", "verify")
