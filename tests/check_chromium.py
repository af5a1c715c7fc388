"""Before the suite: the browser journeys need Debian's Chromium. Say how to get it."""

import shutil
import sys

PATH = "/usr/bin/chromium"

if shutil.which("chromium") is None and not __import__("os").path.exists(PATH):
    print(
        "Chromium 未安装：浏览器旅程测试需要它。请运行 `sudo apt-get install -y chromium` 后重试。\n"
        "Chromium is missing: the browser journeys need it. Install it with "
        "`sudo apt-get install -y chromium` and run `make test` again.",
        file=sys.stderr,
    )
    sys.exit(1)
