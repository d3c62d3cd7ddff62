"""Installing the post-receive hook that sends notices (postreceive.py): a small sh script
in the shared bare repository, like the pre-receive hook, that runs the Python which
installed it with the mail server and sender written in. The SMTP login is never written
here: the hook takes it from the git server's environment."""

from __future__ import annotations

import shlex
import sys
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from intranet import mail
from intranet.display import UNSAFE
from intranet.errors import Finding, IntranetError, error

MARK = "intranet server-hook"  # in every hook we write: one without it is not ours
HOOK = """#!/bin/sh
# Installed by `intranet server-hook install --notify-smtp`: after each push it e-mails
# the owners a submission waits for, its authors once it is published or rejected, and
# the people it mentions once it is published. It never refuses or undoes a push: what
# could not be sent is printed to the pusher and added to intranet-notices.log here.
# It runs {python}
# with the intranet package installed there; the SMTP login comes from this server's
# environment (INTRANET_SMTP_USER, INTRANET_SMTP_PASSWORD), never from this file.
PYTHON={python_q}
INTRANET_NOTIFY_SMTP={smtp_q}
INTRANET_NOTIFY_FROM={sender_q}
export INTRANET_NOTIFY_SMTP INTRANET_NOTIFY_FROM
if [ ! -x "$PYTHON" ]; then
  WHY="intranet: notice not sent: the post-receive hook cannot run: $PYTHON is gone; run \\
\\`intranet server-hook install\\` again from a working intranet environment"
  echo "$WHY" >&2
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $WHY" >> intranet-notices.log
  exit 0
fi
exec "$PYTHON" -c '
import sys
try:
    from intranet.moderation.postreceive import main
except ImportError as exc:
    import datetime
    why = ("intranet: notice not sent: the post-receive hook cannot run: the intranet "
           "package is not installed for " + sys.executable + " (" + str(exc) + "); run "
           "`intranet server-hook install` again from a working intranet environment")
    print(why, file=sys.stderr)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        with open("intranet-notices.log", "a", encoding="utf-8") as log:
            log.write(now + " " + why + "\\n")
    except OSError:
        pass
    sys.exit(0)
sys.exit(main())
'
"""


def install_notices(hooks: Path, smtp: str, sender: str) -> Path:
    hook = hooks / "post-receive"
    if hook.exists() and MARK not in hook.read_text(errors="replace"):
        raise IntranetError([_error(f"{hook} exists and is not ours; merge it by hand so "
                                    "nothing of yours is lost")])
    hook.write_text(HOOK.format(python=sys.executable, python_q=shlex.quote(sys.executable),
                                smtp_q=shlex.quote(smtp), sender_q=shlex.quote(sender)),
                    encoding="utf-8")
    hook.chmod(0o755)
    return hook


def notify_problems(smtp: str | None, sender: str | None) -> list[Finding]:
    """Why --notify-smtp and --notify-from cannot be used as given."""
    if not smtp and not sender:
        return []
    if not smtp or not sender:
        return [_error("--notify-smtp and --notify-from go together: the mail server and "
                       "the address notices come from")]
    found = []
    try:
        mail.parse_server(smtp)
    except IntranetError:
        found.append(_error(f"--notify-smtp {smtp!r} is not HOST:PORT (e.g. "
                            "smtp.fieldstone.example:587)"))
    if not _one_address(sender):
        found.append(_error(f"--notify-from {sender!r} is not one e-mail address (e.g. "
                            "intranet@fieldstone.example, or 'Intranet <intranet@...>')"))
    return found


def _one_address(sender: str) -> bool:
    if UNSAFE.search(sender) or "\n" in sender or "\t" in sender:
        return False
    probe = EmailMessage(policy=default)
    try:
        probe["From"] = sender
        addresses = probe["From"].addresses
    except (ValueError, IndexError, TypeError):
        return False
    return (len(addresses) == 1 and bool(addresses[0].username) and bool(addresses[0].domain)
            and not probe["From"].defects)


def _error(message: str) -> Finding:
    return error("server-hook", 0, 0, "server-hook", message)
