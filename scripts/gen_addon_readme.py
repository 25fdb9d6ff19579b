"""Write each addon's README.rst from its readme/*.md fragments, as OCA's
oca-gen-addon-readme does; with --check, fail when a README.rst is stale.

    python3 scripts/gen_addon_readme.py [--check]
"""

import ast
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SECTIONS = [("DESCRIPTION.md", None), ("CONFIGURE.md", "Configuration"), ("USAGE.md", "Usage")]


def _title(text, char):
    return f"{text}\n{char * len(text)}\n"


def render(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    name = manifest["name"]
    parts = ["=" * len(name) + "\n" + name + "\n" + "=" * len(name) + "\n"]
    parts.append(
        f"*{manifest['summary']}*\n\n"
        f":License: {manifest['license']}\n:Version: {manifest['version']}\n"
        f":Author: {manifest['author']}\n"
    )
    for fragment, title in SECTIONS:
        path = addon / "readme" / fragment
        if not path.exists():
            continue
        body = path.read_text().strip()
        parts.append((_title(title, "=") + "\n" if title else "") + body + "\n")
    parts.append(
        _title("Bug Tracker", "=")
        + "\nReport problems to the issue tracker of the project that ships this addon.\n"
    )
    return "\n".join(parts)


def main():
    check = "--check" in sys.argv
    stale = []
    for manifest in sorted(ROOT.glob("*/__manifest__.py")):
        addon = manifest.parent
        target = addon / "README.rst"
        text = render(addon)
        if check:
            if not target.exists() or target.read_text() != text:
                stale.append(str(target.relative_to(ROOT)))
        else:
            target.write_text(text)
    if stale:
        sys.exit("stale README.rst (run python3 scripts/gen_addon_readme.py): " + ", ".join(stale))


if __name__ == "__main__":
    main()
