"""Every message the code marks for translation reads in Chinese, the users' language.

The same extraction as `make messages` (the Makefile's keywords), compared with the zh catalog:
a new refusal or label without its Chinese would show English inside a Chinese page.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parent.parent


def keywords() -> list[str]:
    """The -k options of `make messages`, read from the Makefile so the two never differ."""
    recipe = (REPO / "Makefile").read_text().split("messages:", 1)[1].split("pybabel update", 1)[0]
    return re.findall(r"-k \S+", recipe)


def test_every_message_marked_for_translation_has_its_chinese(tmp_path):
    template = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    options = [part for keyword in keywords() for part in keyword.split()]
    subprocess.run(
        [str(pybabel), "extract", "-F", "babel.cfg", *options, "-o", str(template), "."],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as pot, (REPO / "webapp/translations/zh/LC_MESSAGES/messages.po").open("rb") as po:
        marked, chinese = read_po(pot), read_po(po)
    missing = [
        f"{message.id!r} ({message.locations[0][0]})"
        for message in marked
        if message.id and (message.id not in chinese or not chinese[message.id].string or chinese[message.id].fuzzy)
    ]
    assert not missing, "no Chinese for:\n" + "\n".join(missing)
