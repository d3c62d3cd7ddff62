"""A company's moderation setup for tests, all real git: a shared bare repository with
the server hook installed, and one clone per person with that person's identity."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from conftest import GIT_ENV, git, run, subprocess_env

POST = "content/engineering/posts/2026/our-new-build-farm.md"  # filed by year
BRANCH = "post/engineering/our-new-build-farm"
AUDIT_ON = ("  require_audit: false", "  require_audit: true")
PEOPLE = {
    "eve": "Eve Martins", "grace": "Grace Okafor", "ken": "Ken Larsen", "mia": "Mia Rossi",
    "hana": "Hana Kim", "ivan": "Ivan Petrov", "zoe": "Zoe Adeyemi", "max": "Max Dupont",
    "priya": "Priya Raman",
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

    def intranet(self, who: str, *args: str, env: dict[str, str] | None = None
                 ) -> subprocess.CompletedProcess[str]:
        return self.start(who, *args, env=env).communicate_result()

    def start(self, who: str, *args: str, env: dict[str, str] | None = None) -> Running:
        """`intranet args` in who's clone, as who; `env` reaches the server's hooks too
        (e.g. the pusher's name, as an authenticating git server sets it)."""
        process = subprocess.Popen(
            [sys.executable, "-m", "intranet.cli.main", *args], cwd=self.clone(who),
            env={**subprocess_env(), **identity(who), **(env or {})}, stdout=subprocess.PIPE,
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
              org_edit: tuple[str, str] | None = None, hook: tuple[str, ...] = ()) -> Team:
    """Commit CODEOWNERS into the project, start moderation there (as a company would:
    a platform owner's change, approved by the other one), apply any edits in that same
    change, publish it as the shared repository, and protect its main."""
    done = run(project, sys.executable, "-m", "intranet.cli.main", "codeowners", "write")
    assert done.returncode == 0, done.stderr
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--amend", "--no-edit")
    start_moderation(project, policy_edit, org_edit)
    home.mkdir()
    remote = home / "remote.git"
    git(home, "clone", "--quiet", "--bare", str(project), str(remote))
    done = run(home, sys.executable, "-m", "intranet.cli.main", "server-hook", "install",
               str(remote), *hook)
    assert done.returncode == 0, done.stderr
    return Team(remote, home)


def start_moderation(project: Path, policy_edit: tuple[str, str] | None = None,
                     org_edit: tuple[str, str] | None = None) -> str:
    """Set moderation.since to main's commit (plus any edits) on a branch by Priya,
    approved by Ivan and merged exactly as `intranet approve` merges; returns since."""
    since = git(project, "rev-parse", "HEAD").strip()
    branch = "post/it/start-moderation"
    policy = ('  since: ""', f'  since: "{since}"')
    for name, edit in (("policy.yml", policy), ("policy.yml", policy_edit),
                       ("org.yml", org_edit)):
        if edit is not None:
            text = (project / name).read_text(encoding="utf-8")
            assert edit[0] in text
            (project / name).write_text(text.replace(edit[0], edit[1]), encoding="utf-8")
    as_priya = [f"{key}={value}" for key, value in identity("priya").items()
                if key.startswith("GIT_")]
    as_ivan = [f"{key}={value}" for key, value in identity("ivan").items()
               if key.startswith("GIT_")]
    run(project, "env", *as_priya, "git", "switch", "--quiet", "--create", branch)
    done = run(project, "env", *as_priya, "git", "commit", "--quiet", "--all", "--message",
               "Start moderation")
    assert done.returncode == 0, done.stderr
    tip = git(project, "rev-parse", "HEAD").strip()
    for command in (["tag", "--annotate", "--message", f"Approve {branch}",
                     f"intranet/approved/{tip}/ivan", tip],
                    ["switch", "--quiet", "main"],
                    ["merge", "--quiet", "--no-ff", "--message", f"Publish {branch}\n\n"
                     "Approved-by: Ivan Petrov <ivan@fieldstone.example>", branch],
                    ["branch", "--quiet", "--delete", branch]):
        done = run(project, "env", *as_ivan, "git", *command)
        assert done.returncode == 0, done.stderr
    return since


def rev(team: Team, who: str, name: str) -> str:
    return team.git(who, "rev-parse", name).stdout.strip()


def submit_post(team: Team, who: str = "eve", title: str = "Our new build farm",
                dept: str = "engineering") -> str:
    """A post made with `intranet new` and submitted; returns its commit."""
    done = team.intranet(who, "new", "--department", dept, "--title", title, "--tags", "tools")
    assert done.returncode == 0, done.stderr
    done = team.intranet(who, "submit")
    assert done.returncode == 0, done.stdout + done.stderr
    return rev(team, who, "HEAD")


def joint_post(team: Team, branch: str, departments: tuple[str, ...]) -> str:
    """Eve's update to several sections' pages, submitted; returns its commit."""
    team.git("eve", "switch", "--quiet", "--create", branch)
    for dept in departments:
        page = team.clone("eve") / "content" / dept / "index.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nJoint update.\n",
                        encoding="utf-8")
    team.git("eve", "commit", "--quiet", "--all", "--message", "Joint update")
    assert team.intranet("eve", "submit").returncode == 0
    return rev(team, "eve", "HEAD")
