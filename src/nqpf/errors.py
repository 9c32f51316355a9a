"""One error type for everything a user can cause; the CLI prints it as a single line."""


class NqpfError(Exception):
    """A problem with the user's input or environment, worded for the user."""

    status = 1
