"""What the engine needs of mkdocs.yml outside a build: where the site is published.

The digest and the notices link to pages of the site, so they must use the address the
build uses: mkdocs.yml's `site_url`, with MkDocs' `!ENV [VAR, ..., default]` resolved the
way MkDocs resolves it (the first variable set, else the default). Read with PyYAML, not
MkDocs: the engine knows nothing of MkDocs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from intranet.errors import IntranetError, error


class _Loader(yaml.SafeLoader):
    """A safe loader that knows `!ENV` and leaves any other tag's value as written (a
    theme's `!!python/name:` is none of our business and must not run)."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else \
        [loader.construct_scalar(node)]  # type: ignore[arg-type]
    *variables, default = names if len(names) > 1 else [*names, None]
    return next((os.environ[str(v)] for v in variables if os.environ.get(str(v))), default)


def _other(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("", _other)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _other)


def site_url(root: Path) -> str:
    """The published address of the site, ending in `/`."""
    try:
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _unreadable(exc) from None
    return site_url_in(text)


def site_url_in(text: str) -> str:
    """The same, from mkdocs.yml's text (as the server hook reads it from main)."""
    try:
        config = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _unreadable(exc) from None
    value = config.get("site_url") if isinstance(config, dict) else None
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise IntranetError([error("mkdocs.yml", 1, 1, "config-site", "site_url is not set "
                                   "to an http(s) address; set it (or INTRANET_SITE_URL) to "
                                   "where the intranet is published")])
    return value.rstrip("/") + "/"


def _unreadable(exc: Exception) -> IntranetError:
    return IntranetError([error("mkdocs.yml", 1, 1, "config-site", f"cannot read the site's "
                                f"configuration ({exc.__class__.__name__}); fix mkdocs.yml")])
