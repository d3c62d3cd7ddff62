"""The intranet engine: org chart, posts and policy, with no knowledge of MkDocs."""
