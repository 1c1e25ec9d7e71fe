"""A full disk (issue 8): a clear message, nothing half-written, the book still in order.

Needs a small tmpfs, which only root can mount: skipped elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(os.geteuid() != 0 if hasattr(os, "geteuid") else True,
                                reason="mounting a small tmpfs needs root")


@pytest.fixture
def small_disk(tmp_path):
    mnt = tmp_path / "small"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1200k", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def cli(*args):
    return subprocess.run([sys.executable, "-m", "secretariat_app", *args], capture_output=True, text=True,
                          env={**os.environ, "SECRETARIAT_PASSWORD": ""})


def big_members_csv(path, n=6000):
    from stdnum.cn import uscc

    rows = ["类型,名称,统一社会信用代码,身份证号,会员等级,入会日期,联系人,手机,地址,行业"]
    for i in range(n):
        base = f"91610000MA{i:07d}"[:17]
        rows.append(f"单位,测试企业{i}有限公司,{base + uscc.calc_check_digit(base)},,会员单位,2023-02-14,张三,"
                    f"1391234{i % 10000:04d},陕西省西安市某某路{i}号,制造业")
    path.write_text("\n".join(rows), encoding="utf-8")


def test_import_on_a_full_disk_writes_nothing(small_disk, tmp_path):
    book = small_disk / "b.sqlite"
    assert cli("init", "--book", str(book), "--name", "测试协会").returncode == 0
    src = tmp_path / "big.csv"
    big_members_csv(src)
    r = cli("members", "import", "--book", str(book), str(src))
    assert r.returncode == 1
    assert "磁盘已满" in r.stderr and "Traceback" not in r.stderr
    listed = cli("members", "list", "--book", str(book), "--json")
    assert listed.returncode == 0 and '"no"' not in listed.stdout
    assert cli("check", "--book", str(book)).returncode == 0


def test_a_new_book_on_a_full_disk_leaves_no_file(small_disk):
    (small_disk / "filler").write_bytes(b"\0" * (1200 * 1024 - 64 * 1024))
    book = small_disk / "b.sqlite"
    r = cli("init", "--book", str(book), "--name", "测试协会")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert not any(p.name.startswith("b.sqlite") for p in small_disk.iterdir())
