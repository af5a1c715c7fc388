"""Before the suite: the browser journeys need Debian's Chromium. As root (CI, a fresh
machine) install it; otherwise say the one command that does."""

import os
import shutil
import subprocess
import sys

PATH = "/usr/bin/chromium"
PACKAGES = ["chromium", "fonts-noto-cjk"]


def present() -> bool:
    return shutil.which("chromium") is not None or os.path.exists(PATH)


def main() -> int:
    if present():
        return 0
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Chromium 未安装，正在安装（apt-get install -y chromium）……", file=sys.stderr)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", *PACKAGES], check=False, env=env)
        if present():
            return 0
    print(
        "Chromium 未安装：浏览器旅程测试需要它。请运行 "
        "`sudo apt-get install -y chromium fonts-noto-cjk` 后重新运行 `make test`。",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
