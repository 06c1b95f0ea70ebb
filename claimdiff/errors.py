"""One exception type for everything the user can fix, so the CLI can print one line and exit 2."""


class ClaimdiffError(Exception):
    """A problem with the input or the invocation, explained in one line."""

    exit_code = 2
