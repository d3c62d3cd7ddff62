"""Credentials in posts: detect-secrets, a few rules of ours, and an RE2 guard that rules
most texts out at once."""
