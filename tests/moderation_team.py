"""A company's moderation setup for tests, all real git: a shared bare repository with
the server hook installed, and one clone per person with that person's identity."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from conftest import GIT_ENV, git, run, subprocess_env

PEOPLE = {
    "eve": "Eve Martins", "grace": "Grace Okafor", "ken": "Ken Larsen", "mia": "Mia Rossi",
    "hana": "Hana Kim", "ivan": "Ivan Petrov", "zoe": "Zoe Adeyemi", "max": "Max Dupont",
}


def identity(who: str) -> dict[str, str]:
    email = f"{who}@fieldstone.example"
    return {**GIT_ENV, "GIT_AUTHOR_NAME": PEOPLE[who], "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": PEOPLE[who], "GIT_COMMITTER_EMAIL": email}


@dataclass(frozen=True)
class Team:
    remote: Path
    home: Path

    def clone(self, who: str) -> Path:
        path = self.home / who
        if not path.exists():
            git(self.home, "clone", "--quiet", str(self.remote), who)
            git(path, "config", "user.email", f"{who}@fieldstone.example")
            git(path, "config", "user.name", PEOPLE[who])
        return path

    def intranet(self, who: str, *args: str) -> subprocess.CompletedProcess[str]:
        return self.start(who, *args).communicate_result()

    def start(self, who: str, *args: str) -> Running:
        process = subprocess.Popen(
            [sys.executable, "-m", "intranet.main", *args], cwd=self.clone(who),
            env={**subprocess_env(), **identity(who)}, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        return Running(process)

    def git(self, who: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=self.clone(who), capture_output=True,
                              text=True, check=False, env={**subprocess_env(), **identity(who)})

    def write(self, who: str, path: str, text: str) -> None:
        target = self.clone(who) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def main_log(self, who: str) -> list[str]:
        self.git(who, "fetch", "--quiet")
        done = self.git(who, "log", "--first-parent", "--format=%s", "origin/main")
        return done.stdout.splitlines()


@dataclass(frozen=True)
class Running:
    process: subprocess.Popen[str]

    def communicate_result(self) -> subprocess.CompletedProcess[str]:
        out, err = self.process.communicate(timeout=120)
        return subprocess.CompletedProcess(self.process.args, self.process.returncode, out, err)


def make_team(project: Path, home: Path, policy_edit: tuple[str, str] | None = None,
              org_edit: tuple[str, str] | None = None) -> Team:
    """Commit CODEOWNERS (and any edits) into the project, publish it as the shared
    repository, and protect its main."""
    for name, edit in (("policy.yml", policy_edit), ("org.yml", org_edit)):
        if edit is not None:
            text = (project / name).read_text(encoding="utf-8")
            assert edit[0] in text
            (project / name).write_text(text.replace(edit[0], edit[1]), encoding="utf-8")
    done = run(project, sys.executable, "-m", "intranet.main", "codeowners", "write")
    assert done.returncode == 0, done.stderr
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--amend", "--no-edit")
    home.mkdir()
    remote = home / "remote.git"
    git(home, "clone", "--quiet", "--bare", str(project), str(remote))
    done = run(home, sys.executable, "-m", "intranet.main", "server-hook", "install",
               str(remote))
    assert done.returncode == 0, done.stderr
    return Team(remote, home)
