"""One exception family whose messages are written for the user."""


class QAError(Exception):
    """An error the CLI prints on one line before exiting with code 2."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(QAError):
    """Bad input from the user: a missing folder, an empty corpus, an empty question."""


class BrokenIndexError(QAError):
    """The index folder is missing, damaged or built with other settings."""


class IndexBusyError(QAError):
    """Another process is writing the index."""


class IndexWriteError(QAError):
    """The index could not be written (full disk, no permission); the previous index is left as it was."""


class IndexCancelledError(QAError):
    """Indexing was stopped between batches (a cancelled chat worker); the previous index is left as it was."""
