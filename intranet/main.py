"""`python -m intranet.main`: the `intranet` command (intranet/cli/main.py), kept here so
the way it has always been run keeps working."""

from intranet.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
