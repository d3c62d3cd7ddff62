"""YAML read as written: positions kept, nothing expanded or typed behind our back, and
what YAML 1.1 (and so MkDocs) would type told apart from text."""
