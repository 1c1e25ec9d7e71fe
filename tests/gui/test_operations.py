"""The shared worker mechanism (gui/operations.py): results, errors, progress and cancel."""

from __future__ import annotations

import threading
import time

import pytest

from secretariat_app.actions import action, query
from secretariat_app.actions import book as book_actions
from secretariat_app.core.book_settings import get_value, update_settings
from secretariat_app.core.changes import Changes
from secretariat_app.errors import DomainError
from secretariat_app.gui import operations

SEEN: dict = {}


@action("settings.write")
def _set_phone(uow, phone):
    SEEN["worker"] = threading.get_ident()
    return update_settings(uow.session, phone=phone)


@query()
def _phone(uow):
    return get_value(uow.session, "phone", "")


@action("settings.write")
def _refuse(uow):
    raise DomainError("不可以")


@action("settings.write")
def _bug(uow):
    raise ZeroDivisionError("boom")


@query()
def _with_progress(uow, progress):
    progress(1, 2, "half")
    SEEN["progress"] = progress


@query()
def _without(uow, **kwargs):
    SEEN["kwargs"] = kwargs


@action("members.write")
def _members_touched(uow):
    uow.changes.record("members", 7)


def test_result_and_changes_come_back_on_the_gui_thread(app_ctx, qtbot, wait_ops):
    seen = {}
    changes_seen = []
    app_ctx.changed.connect(changes_seen.append)

    def done(result):
        seen["done"] = threading.get_ident()
        seen["result"] = result

    op = app_ctx.run_action(_set_phone, "029-88886666", on_done=done)
    wait_ops()
    assert SEEN["worker"] != threading.get_ident()
    assert seen["done"] == threading.get_ident()
    assert seen["result"].changes.touches("settings") and changes_seen and changes_seen[0].touches("settings")
    assert app_ctx.call(_phone) == "029-88886666"
    assert op.error is None and not op.running


def test_only_actions_reach_the_book(app_ctx):
    with pytest.raises(TypeError):
        app_ctx.run_action(lambda actor: None)
    with pytest.raises(TypeError):
        app_ctx.call(_set_phone, "1")  # a write never runs on the GUI thread
    assert not hasattr(app_ctx, "read") and not hasattr(app_ctx, "run_op")


def test_domain_error_goes_to_on_error_and_nothing_is_written(app_ctx, wait_ops):
    errors, finals = [], []
    app_ctx.run_action(_set_phone, "12", on_error=errors.append, on_finally=lambda: finals.append(1))
    wait_ops()
    assert len(errors) == 1 and isinstance(errors[0], DomainError)
    assert errors[0].problems and finals == [1]
    assert app_ctx.call(_phone) == ""


def test_without_on_error_the_message_is_shown(app_ctx, wait_ops):
    app_ctx.run_action(_refuse)
    wait_ops()
    assert ("error", "不可以") in app_ctx.messages


def test_unexpected_error_is_reported_not_raised(app_ctx, wait_ops, caplog):
    done = []
    app_ctx.run_action(_bug, on_done=done.append)
    wait_ops()
    assert not done
    kind, text = app_ctx.messages[-1]
    assert kind == "error" and "boom" in text
    assert any("ZeroDivisionError" in r.getMessage() for r in caplog.records)


def test_os_error_becomes_a_plain_message(app_ctx, wait_ops):
    def missing(path):
        open(path)

    errors = []
    operations.run_op(missing, "/nonexistent/x.txt", on_error=errors.append)
    wait_ops()
    assert errors and "/nonexistent/x.txt" in errors[0].message


def test_progress_only_when_declared(app_ctx, wait_ops):
    SEEN.clear()
    app_ctx.run_action(_with_progress)
    app_ctx.run_action(_without)
    wait_ops()
    assert callable(SEEN["progress"]) and SEEN["kwargs"] == {}


def test_progress_dialog_appears_and_cancel_stops_the_work(app_ctx, qtbot, wait_ops):
    steps, done, finals = [], [], []

    def slow(progress):
        for i in range(200):
            progress(i, 200, f"step {i}")
            steps.append(i)
            time.sleep(0.01)
        return "finished"

    op = operations.run_op(slow, title="慢", delay_ms=50, on_done=done.append, show_status=app_ctx.show_status,
                           on_finally=lambda: finals.append(1))
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.isVisible(), timeout=5000)
    assert op.dialog.windowTitle() == "慢"
    op.dialog.canceled.emit()  # the Cancel button
    wait_ops()
    assert op.cancelled and isinstance(op.error, operations.Cancelled)
    assert not done and finals == [1] and len(steps) < 200
    assert not any(kind == "error" for kind, _t in app_ctx.messages)
    assert ("status", "已取消。") in app_ctx.messages


def test_quick_work_shows_no_dialog(app_ctx, wait_ops):
    op = operations.run_op(lambda: 42)
    wait_ops()
    assert op.result == 42 and op.dialog is None


def test_not_cancellable_ignores_cancel(app_ctx, wait_ops):
    op = operations.run_op(lambda progress: (time.sleep(0.05), progress(1, 1))[0] or "ok", cancellable=False)
    op.cancel()
    wait_ops()
    assert op.result == "ok"


def test_typed_changes_are_broadcast(app_ctx, wait_ops):
    seen = []
    app_ctx.changed.connect(seen.append)
    app_ctx.run_action(_members_touched)
    wait_ops()
    assert seen and seen[0].touches("members") and seen[0].members == {7}
    assert isinstance(seen[0], Changes)
    assert book_actions.language(app_ctx.actor) == "zh_CN"
