"""`make test` on a fresh machine: Chromium absent at the start is installed when the user is
root (through apt-get, as CI does); otherwise the one command to run is said in Chinese."""

from __future__ import annotations

import os
import stat

import pytest

from tests import check_chromium


@pytest.fixture
def no_chromium(tmp_path, monkeypatch):
    """A machine without Chromium: PATH holds only a bin folder of ours."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setattr(check_chromium, "PATH", str(tmp_path / "usr-bin-chromium"))
    return bin_dir


def _script(path, body: str) -> None:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def test_as_root_it_installs_chromium_with_apt_get(no_chromium, monkeypatch, capsys):
    log = no_chromium / "apt.log"
    # apt-get of this fake machine: records its arguments; "install" puts chromium on PATH
    _script(
        no_chromium / "apt-get",
        f'echo "$@" >> {log}\n'
        f'case "$1" in install) printf "#!/bin/sh\\n" > {no_chromium}/chromium; '
        f"/bin/chmod +x {no_chromium}/chromium;; esac\n",
    )
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert check_chromium.main() == 0
    calls = log.read_text().splitlines()
    assert calls[0] == "update -qq"
    assert calls[1].startswith("install -y") and "chromium" in calls[1].split()
    assert "正在安装" in capsys.readouterr().err


def test_not_root_it_names_the_one_command(no_chromium, monkeypatch, capsys):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert check_chromium.main() == 1
    err = capsys.readouterr().err
    assert "Chromium 未安装" in err and "sudo apt-get install -y chromium" in err


def test_when_the_install_fails_it_says_so_and_stops(no_chromium, monkeypatch, capsys):
    _script(no_chromium / "apt-get", "exit 100\n")
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert check_chromium.main() == 1
    assert "make test" in capsys.readouterr().err
