"""The `intranet` command: argument parsing and the one error boundary (main.py), how
reports are printed (output.py), and one module per command, each exposing
run(args, root) -> exit code. The top layer: it may import anything below."""
