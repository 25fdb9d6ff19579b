"""Keep the addons' Indonesian translations complete.

    python3 scripts/i18n.py check            # fail when an id.po has an empty msgstr, or a
                                             # msgstr that is its English msgid with more
                                             # text glued after it
    python3 scripts/i18n.py fill-from-odoo   # fill empty msgstrs whose msgid Odoo's own
                                             # id.po files translate (mail's "Activities"...)
    python3 scripts/i18n.py update DB ADDON...  # bring each ADDON's id.po up to its source:
                                             # the terms exported from DB (where ADDON is
                                             # installed, and updated with -u after a change)
                                             # merged into id.po, translations kept, new
                                             # terms filled from Odoo's or left empty to
                                             # translate (printed), gone terms dropped

ODOO_PATH (default /opt/odoo19) is where fill-from-odoo reads Odoo's translations.
"""

import os
import pathlib
import subprocess
import sys
import tempfile

import polib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def our_po_files():
    return sorted(ROOT.glob("*/i18n/id.po"))


def glued(entry):
    """A msgstr that starts with its own English msgid and goes on: the English left in
    front of the translation ("Member card Kartu Anggota"). A msgstr equal to its msgid
    ("KTP", "Biro Umum", "%s") is a word both languages share, and one that goes on
    within the same word ("Period" -> "Periode") is an Indonesian word; neither is this."""
    msgid, msgstr = entry.msgid.strip(), entry.msgstr.strip()
    return (
        len(msgid) > 3
        and any(ch.isalpha() for ch in msgid)
        and len(msgstr) > len(msgid)
        and msgstr.startswith(msgid)
        and not msgstr[len(msgid)].isalnum()
    )


def check():
    missing, english = [], []
    for path in our_po_files():
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            where = f"{path.relative_to(ROOT)}: {entry.msgid[:70]!r}"
            if not entry.msgstr:
                missing.append(where)
            elif glued(entry):
                english.append(f"{where} -> {entry.msgstr[:70]!r}")
    if missing:
        print("untranslated (id.po must be complete):\n  " + "\n  ".join(missing))
    if english:
        print("the English msgid glued in front of the translation:\n  " + "\n  ".join(english))
    if missing or english:
        sys.exit(1)
    print(f"id.po complete in {len(our_po_files())} addons")


def fill_from_odoo():
    odoo = pathlib.Path(os.environ.get("ODOO_PATH", "/opt/odoo19"))
    known = {}
    for path in [*odoo.glob("addons/*/i18n/id.po"), *odoo.glob("odoo/addons/*/i18n/id.po")]:
        for entry in polib.pofile(str(path)):
            if entry.msgstr and entry.msgid not in known:
                known[entry.msgid] = entry.msgstr
    for path in our_po_files():
        po = polib.pofile(str(path), wrapwidth=78)
        filled = 0
        for entry in po:
            if not entry.msgstr and entry.msgid in known:
                entry.msgstr = known[entry.msgid]
                filled += 1
        if filled:  # an untouched file keeps its own line wrapping
            po.save(str(path))
            print(f"{path.relative_to(ROOT)}: {filled} filled from Odoo's translations")


def update(db, *addons):
    """Merge the terms of each addon, as Odoo exports them from `db`, into its id.po."""
    odoo = pathlib.Path(os.environ.get("ODOO_PATH", "/opt/odoo19"))
    python = os.environ.get("ODOO_PYTHON", sys.executable)
    addons_path = f"{odoo}/odoo/addons,{odoo}/addons,{ROOT}"
    for addon in addons:
        with tempfile.TemporaryDirectory() as tmp:
            pot_path = f"{tmp}/{addon}.pot"
            subprocess.run(
                [
                    python,
                    f"{odoo}/odoo-bin",
                    f"--addons-path={addons_path}",
                    "i18n",
                    "export",
                    "-d",
                    db,
                    "-o",
                    pot_path,
                    addon,
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            pot = polib.pofile(pot_path, wrapwidth=78)
        po_path = ROOT / addon / "i18n" / "id.po"
        old = {}
        if po_path.exists():
            for entry in polib.pofile(str(po_path)):
                if entry.msgstr and not entry.obsolete:
                    old[(entry.msgctxt, entry.msgid)] = entry.msgstr
        new = []
        for entry in pot:
            entry.msgstr = old.get((entry.msgctxt, entry.msgid), "")
            if not entry.msgstr:
                new.append(entry.msgid)
        pot.metadata["Language"] = "id"
        po_path.parent.mkdir(exist_ok=True)
        pot.save(str(po_path))
        print(f"{po_path.relative_to(ROOT)}: {len(pot)} terms, {len(new)} without translation")
    fill_from_odoo()
    for path in our_po_files():
        for entry in polib.pofile(str(path)):
            if not entry.msgstr:
                print(f"  to translate in {path.relative_to(ROOT)}: {entry.msgid[:100]!r}")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    {"check": check, "fill-from-odoo": fill_from_odoo, "update": update}[command](*sys.argv[2:])
