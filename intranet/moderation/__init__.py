"""Moderation with plain git: submissions, review, approvals and rejections, the audit and
the server hook. Imports policy and everything below it."""
