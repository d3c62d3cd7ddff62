"""The one policy checker, used by `intranet check` and by every build: file rules,
front-matter rules, markup, limits, watched words, secrets, sanitizing and the check
cache. Imports site, codeowners, config and the ground."""
