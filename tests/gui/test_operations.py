"""The shared worker mechanism (gui/operations.py): results, errors, progress and cancel."""

from __future__ import annotations

import threading
import time

from secretariat_app.core.book_settings import get_value, update_settings
from secretariat_app.errors import DomainError
from secretariat_app.core.changes import Changes
from secretariat_app.gui import operations


def test_result_and_changes_come_back_on_the_gui_thread(app_ctx, qtbot, wait_ops):
    seen = {}
    changes_seen = []
    app_ctx.changed.connect(changes_seen.append)

    def work(session, phone):
        seen["worker"] = threading.get_ident()
        return update_settings(session, phone=phone)

    def done(result):
        seen["done"] = threading.get_ident()
        seen["result"] = result

    op = app_ctx.run_op(work, "029-88886666", on_done=done)
    wait_ops()
    assert seen["worker"] != threading.get_ident()
    assert seen["done"] == threading.get_ident()
    assert isinstance(seen["result"], Changes) and changes_seen and changes_seen[0].touches("settings")
    assert app_ctx.read(get_value, "phone") == "029-88886666"
    assert op.error is None and not op.running


def test_domain_error_goes_to_on_error_and_nothing_is_written(app_ctx, wait_ops):
    errors, finals = [], []
    app_ctx.run_op(lambda s: update_settings(s, phone="12"), on_error=errors.append,
                   on_finally=lambda: finals.append(1))
    wait_ops()
    assert len(errors) == 1 and isinstance(errors[0], DomainError)
    assert errors[0].problems and finals == [1]
    assert app_ctx.read(get_value, "phone", "") == ""


def test_without_on_error_the_message_is_shown(app_ctx, wait_ops):
    def refuse(session):
        raise DomainError("不可以")

    app_ctx.run_op(refuse)
    wait_ops()
    assert ("error", "不可以") in app_ctx.messages


def test_unexpected_error_is_reported_not_raised(app_ctx, wait_ops, caplog):
    def bug(session):
        raise ZeroDivisionError("boom")

    done = []
    app_ctx.run_op(bug, on_done=done.append)
    wait_ops()
    assert not done
    kind, text = app_ctx.messages[-1]
    assert kind == "error" and "boom" in text
    assert any("ZeroDivisionError" in r.getMessage() for r in caplog.records)


def test_os_error_becomes_a_plain_message(app_ctx, wait_ops):
    def missing(path):
        open(path)

    errors = []
    app_ctx.run_op(missing, "/nonexistent/x.txt", with_session=False, on_error=errors.append)
    wait_ops()
    assert errors and "/nonexistent/x.txt" in errors[0].message


def test_progress_only_when_declared(app_ctx, wait_ops):
    got = {}

    def with_progress(session, progress):
        progress(1, 2, "half")
        got["progress"] = progress

    def without(session, **kwargs):
        got["kwargs"] = kwargs

    app_ctx.run_op(with_progress)
    app_ctx.run_op(without)
    wait_ops()
    assert callable(got["progress"]) and got["kwargs"] == {}


def test_progress_dialog_appears_and_cancel_stops_the_work(app_ctx, qtbot, wait_ops):
    steps, done, finals = [], [], []

    def slow(progress):
        for i in range(200):
            progress(i, 200, f"step {i}")
            steps.append(i)
            time.sleep(0.01)
        return "finished"

    op = app_ctx.run_op(slow, with_session=False, title="慢", delay_ms=50, on_done=done.append,
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
    op = app_ctx.run_op(lambda: 42, with_session=False)
    wait_ops()
    assert op.result == 42 and op.dialog is None


def test_not_cancellable_ignores_cancel(app_ctx, wait_ops):
    op = app_ctx.run_op(lambda progress: (time.sleep(0.05), progress(1, 1))[0] or "ok", with_session=False,
                        cancellable=False)
    op.cancel()
    wait_ops()
    assert op.result == "ok"


def test_result_with_changes_attribute_is_broadcast(app_ctx, wait_ops):
    class Outcome:
        changes = Changes({"members"})

    seen = []
    app_ctx.changed.connect(seen.append)
    app_ctx.run_op(lambda s: Outcome())
    wait_ops()
    assert seen and seen[0].touches("members")
