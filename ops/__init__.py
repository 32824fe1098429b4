"""Operations: backing up and restoring a whole site (database + uploaded files).

A small app of its own rather than part of `reports`: backups work on the database and
the media folder as a whole, import no other app and belong to no domain concept, and
the commune's IT officer runs them, not its officials. Nothing imports it.
"""
