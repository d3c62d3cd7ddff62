"""What MkDocs' YAML loader makes of a scalar the parser leaves to implicit typing.

We read front-matter as written (yamlread), but MkDocs reads it with
`yaml.load(text, CSafeLoader)` (mkdocs/utils/meta.py, get_data; SafeLoader without
libyaml), which types YAML 1.1 style: `12:30` is 750, `yes` is True, `2026-01-01` a date.
Where that typing fails (`0x_`, `=`), get_data swallows the exception and the page loses
its whole front-matter. So the checker asks MkDocs' own loader class, not a copy of its
rules: the same implicit resolvers (yaml/resolver.py, Resolver) and the same constructors
(yaml/constructor.py, SafeConstructor), whatever PyYAML version is installed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import yaml

STR = "tag:yaml.org,2002:str"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
# The loader class get_data picks, picked the same way.
LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LOADER = LOADER("")
_RESOLVE: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = _LOADER.resolve
SHOWN = 60  # a value longer than this is cut short in messages
# The everyday date: only the resolver's timestamp pattern takes it, so nearly every post
# is judged without the resolver (yaml/resolver.py, Resolver's timestamp regexp).
_YMD = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# Resolver.resolve looks its candidates up by the value's first character ("" when the
# value is empty); a value starting with any other character stays a string. A resolver
# registered for every first character (key None) would defeat the shortcut.
_FIRST = frozenset(LOADER.yaml_implicit_resolvers)
_SHORTCUT = None not in _FIRST


def resolve(value: str) -> str:
    """The tag MkDocs' loader gives `value` when YAML types it implicitly (a plain value,
    or one with the non-specific tag `!`)."""
    if _SHORTCUT and value[:1] not in _FIRST:
        return STR
    return str(_RESOLVE(yaml.ScalarNode, value, (True, False)))


def construct(value: str) -> object:
    """What MkDocs' loader makes of `value` typed implicitly; raises what it raises."""
    node = yaml.ScalarNode(resolve(value), value)
    try:
        return _LOADER.construct_document(node)
    finally:  # a failed construction leaves the node in the loader's bookkeeping
        _LOADER.constructed_objects.clear()
        _LOADER.recursive_objects.clear()


def unloadable(value: str) -> str | None:
    """The tag of `value` when MkDocs' loader resolves it to a type it then cannot make
    (get_data would drop the whole front-matter); None when it loads."""
    if _YMD.match(value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return TIMESTAMP
        return None
    tag = resolve(value)
    if tag == STR:
        return None
    try:
        construct(value)
    except Exception:  # get_data catches any Exception: so must we
        return tag
    return None


def describe(value: str) -> str:
    """What `value` becomes, in words: "the number 750", "the yes/no value true"."""
    try:
        made = construct(value)
    except Exception:  # the reader refuses these first; a message must never crash
        return f"!!{tag_name(resolve(value))}, which it cannot load"
    return _words(made)


def _words(made: object) -> str:
    if made is None:
        return "an empty value (null)"
    if isinstance(made, bool):
        return f"the yes/no value {str(made).lower()}"
    if isinstance(made, int | float):
        return _number(made)
    if isinstance(made, dt.date):  # a datetime too
        return "a date and time" if isinstance(made, dt.datetime) else "a date"
    return f"a {type(made).__name__}"


def _number(made: int | float) -> str:
    # Python refuses to print an int of more than 4300 digits, and nobody reads one.
    if isinstance(made, int) and made.bit_length() > 3 * SHOWN:
        return "a number too long to show"
    return f"the number {shorten(repr(made))}"


def shorten(text: str) -> str:
    return text if len(text) <= SHOWN else text[:SHOWN - 1] + "\u2026"


def tag_name(tag: str) -> str:
    return tag.rsplit(":", 1)[-1]


def quoted(value: str, key: str | None) -> str:
    """The fix: `value` as a double-quoted YAML string, on its key's line if it has one."""
    text = '"' + shorten(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{key}: {text}" if key is not None else text


# How YAML 1.1 misreads a value it then cannot make, by tag.
_MISREAD = {
    "tag:yaml.org,2002:int": "YAML reads {} as a number it cannot make",
    "tag:yaml.org,2002:float": "YAML reads {} as a number it cannot make",
    "tag:yaml.org,2002:value": "YAML 1.1 reads a lone {} as its `value` type, which PyYAML "
                               "cannot load",
    "tag:yaml.org,2002:merge": "YAML 1.1 reads a lone {} as a merge key, which cannot stand "
                               "as a value",
}


def unloadable_message(value: str, tag: str, key: str | None) -> tuple[str, str]:
    """The rule and message for `value`, which MkDocs' loader reads as `tag` and then
    cannot make."""
    if tag == TIMESTAMP:
        return "yaml-date", (f"{shorten(value)!r} looks like a date but is not one, so "
                             "MkDocs would drop the whole front-matter; fix it")
    misread = _MISREAD.get(tag, "YAML reads {} as !!" + tag_name(tag) + " but cannot load it"
                           ).format(shorten(value))
    return "yaml-value", (f"{misread}, so MkDocs would drop the whole front-matter; put it "
                          f"in double quotes: {quoted(value, key)}")
