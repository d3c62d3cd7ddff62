"""One module per `intranet` command; each exposes run(args, root) -> exit code."""
