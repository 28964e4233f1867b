"""Every error saywho raises on purpose.

    SaywhoError                 base class: the CLI prints its message, no traceback
     +-- InputError             an article or input line saywho cannot read (empty, binary, too big, bad JSON)
     +-- SchemaVersionError     a record written under a schema version this saywho does not read
     +-- ModelNotFound          the spaCy pipeline or saywho's trained model is not installed
     +-- StoreError             the database cannot be opened, migrated or written
     +-- EvalError              a gold file saywho cannot score

Each message says what was found, what was expected and what to do next. Foreign exceptions
(UnicodeDecodeError, OSError, SQLAlchemyError) are wrapped at the boundary that sees them.
"""

from __future__ import annotations


class SaywhoError(Exception):
    """Base class of every error saywho raises on purpose."""


class InputError(SaywhoError):
    """An article or input record that cannot be processed as given."""


class SchemaVersionError(SaywhoError):
    """A record carries a schema version this release cannot read."""


class ModelNotFound(SaywhoError):
    """A language pipeline or trained model is missing."""


class StoreError(SaywhoError):
    """The store cannot be opened, migrated or written."""


class EvalError(SaywhoError):
    """A gold file that cannot be scored."""
