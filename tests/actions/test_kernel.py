"""The actions kernel: fail-closed rights, one transaction per action, the actor's own role."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from secretariat_app.actions import Actor, Outcome, action, is_action, query, rights
from secretariat_app.actions.base import inside_action
from secretariat_app.actions.privacy import is_full_identifier, mask_record, mask_text
from secretariat_app.core.auth import set_current_user
from secretariat_app.core.book_settings import Setting
from secretariat_app.core.changes import Changes
from secretariat_app.core.trust.users import add_user
from secretariat_app.errors import DomainError, PermissionDenied


@action("settings.write")
def _set_note(uow, value: str, fail: bool = False):
    uow.session.merge(Setting(key="note", value=value))
    uow.session.flush()
    uow.changes.record("settings", "note")
    if fail:
        raise DomainError("refused after writing")
    return value


@query()
def _get_note(uow):
    return uow.session.scalar(select(Setting.value).where(Setting.key == "note"))


@query("personal_data")
def _secret(uow):
    return inside_action()


@pytest.fixture(autouse=True)
def _nobody_logged_in():
    set_current_user(None)
    yield
    set_current_user(None)


def test_unknown_or_missing_right_refuses_everyone():
    assert not rights.allowed(None, "no.such.right")
    assert not rights.allowed("admin", None)
    assert not rights.allowed("nosuchrole", "read")
    with pytest.raises(ValueError):
        action("no.such.right")(lambda uow: None)


def test_single_user_book_allows_listed_rights_and_commits_whole(book):
    actor = Actor(book)
    out = _set_note(actor, "hello")
    assert isinstance(out, Outcome) and out.value == "hello"
    assert out.changes.touches("settings") and "note" in out.changes.settings
    assert _get_note(actor) == "hello"
    with pytest.raises(DomainError):
        _set_note(actor, "half", fail=True)
    assert _get_note(actor) == "hello"  # the refused action left nothing
    assert is_action(_set_note) and is_action(_get_note) and not is_action(lambda: 0)
    assert _secret(actor) == "_secret" and inside_action() is None


def test_book_with_users_needs_a_user_whose_role_holds_the_right(book):
    with book.session() as s:
        admin = add_user(s, "admin", "secret-pass-1", "admin")
        viewer = add_user(s, "wang", "secret-pass-2", "viewer")
        treasurer = add_user(s, "li", "secret-pass-3", "treasurer")
    set_current_user(None)
    with pytest.raises(PermissionDenied):
        _get_note(Actor(book))  # nobody logged in: even a read refuses
    assert _get_note(Actor(book, viewer)) is None
    with pytest.raises(PermissionDenied) as exc:
        _set_note(Actor(book, viewer), "x")
    assert "wang" in str(exc.value)
    with pytest.raises(PermissionDenied):
        _secret(Actor(book, viewer))
    with pytest.raises(PermissionDenied):
        _set_note(Actor(book, treasurer), "x")
    assert _set_note(Actor(book, admin), "ok").value == "ok"


def test_a_role_taken_away_counts_at_once(book):
    from secretariat_app.core.auth import User, acting_as

    with book.session() as s:
        admin = add_user(s, "admin", "secret-pass-1", "admin")
        sec = add_user(s, "zhang", "secret-pass-2", "secretary")
    assert _set_note(Actor(book, sec), "a").value == "a"
    with book.session() as s, acting_as(admin):
        s.execute(select(User)).scalars().all()
        u = s.scalar(select(User).where(User.name == "zhang"))
        u.role = "viewer"
        s.commit()
    with pytest.raises(PermissionDenied):
        _set_note(Actor(book, sec), "b")  # the principal still says secretary; the book says viewer


def test_masking_helpers():
    rec = mask_record({"kind": "individual", "id_number": "610402199001011234", "mobile": "13912345678",
                       "address": "陕西省西安市雁塔区科技路1号", "name": "张三"})
    assert rec["id_number"] == "610402********1234"
    assert rec["mobile"] == "139****5678"
    assert rec["address"].endswith("****") and "科技路" not in rec["address"]
    assert rec["name"] == "张三"
    corp = mask_record({"kind": "corporate", "address": "西安市高新区锦业路1号", "phone": "029-88886666"})
    assert corp["address"] == "西安市高新区锦业路1号" and corp["phone"] != "029-88886666"
    assert mask_text('{"id_number": "610402199001011234", "mobile": "13912345678"}') == (
        '{"id_number": "610402********1234", "mobile": "139****5678"}')
    assert is_full_identifier("13912345678") and is_full_identifier("610402199001011234")
    assert not is_full_identifier("1391") and not is_full_identifier("华为")


def test_changes_merge_and_kinds():
    a = Changes().record("members", 1, 2)
    b = Changes({"dues"})
    c = a | b
    assert c.members == {1, 2} and c.touches("members", "dues")
    assert not c.all_of("members") and c.all_of("dues")
    assert not Changes()
    with pytest.raises(ValueError):
        Changes().record("nonsense", 1)
