"""`intranet codeowners write|check`: CODEOWNERS generated from org.yml, and checked."""

from __future__ import annotations

import argparse
from pathlib import Path

from intranet import git
from intranet.codeowners.check import validate
from intranet.codeowners.org import TARGETS
from intranet.codeowners.write import generate
from intranet.config.org import load_org
from intranet.errors import Finding, IntranetError, error


def run(args: argparse.Namespace, root: Path) -> int:
    org = load_org(root / "org.yml")
    files = git.tracked_files(root)
    default = (root / TARGETS[args.flavor]).absolute()
    target = args.file.absolute() if args.file else default
    shown = _shown(target, root)
    expected = generate(org, args.flavor, files)
    if args.action == "write":
        return _write(target, shown, expected)
    written = _read(target, shown, required=args.file is not None)
    findings: list[Finding] = []
    if target == default:  # only the file we generate can be stale
        findings += _stale(written, expected, shown, args.flavor)
    if written is not None:
        findings += validate(written, shown, args.flavor, org, files)
    for finding in findings:
        print(finding)
    errors = sum(f.severity == "error" for f in findings)
    print(f"checked {shown} against org.yml and {len(files)} file(s): {errors} error(s), "
          f"{len(findings) - errors} warning(s)")
    return 1 if errors else 0


def _shown(target: Path, root: Path) -> str:
    absolute = root.absolute()
    return target.relative_to(absolute).as_posix() if target.is_relative_to(absolute) \
        else str(target)


def _write(target: Path, shown: str, expected: str) -> int:
    if target.is_file() and target.read_text(encoding="utf-8") == expected:
        print(f"{shown} is up to date with org.yml")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(expected, encoding="utf-8")
    rules = sum(1 for line in expected.splitlines() if line and line[0] not in "#[")
    print(f"wrote {shown} from org.yml ({rules} rules); commit it")
    return 0


def _read(target: Path, shown: str, required: bool) -> str | None:
    try:
        return target.read_text(encoding="utf-8")
    except FileNotFoundError:
        if not required:
            return None
        raise IntranetError([error(shown, 1, 1, "codeowners-file", "no such file; check "
                                   "the path")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise IntranetError([error(shown, 1, 1, "codeowners-file", f"cannot read it "
                                   f"({exc}); save it as UTF-8")]) from None


def _stale(written: str | None, expected: str, shown: str, flavor: str) -> list[Finding]:
    command = "intranet codeowners write" + (" --flavor gitlab" if flavor == "gitlab" else "")
    if written is None:
        return [error(shown, 1, 1, "codeowners-stale", f"there is no {shown}; run "
                      f"`{command}` and commit the result")]
    if written == expected:
        return []
    old, new = written.splitlines(), expected.splitlines()
    line = next((i for i, (a, b) in enumerate(zip(old, new, strict=False), 1)
                 if a != b),
                min(len(old), len(new)) + 1)
    return [error(shown, line, 1, "codeowners-stale", f"{shown} differs from what org.yml "
                  f"generates (first at this line); run `{command}` and commit the result")]
