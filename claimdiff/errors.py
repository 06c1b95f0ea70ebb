"""One exception type for everything the user can fix, so the CLI can print one line and exit 2."""


class ClaimdiffError(Exception):
    """A problem with the input or the invocation, explained in one line."""

    exit_code = 2


class NoArticleText(ClaimdiffError):
    """An input that is readable but holds no article: empty, invisible characters, or only boilerplate.

    Inside a folder such a file is skipped and reported (a scraped folder often holds one empty
    page); named on its own it is still an error. `finding` is the message without the advice.
    """

    def __init__(self, finding: str, advice: str) -> None:
        super().__init__(f"{finding}: {advice}")
        self.finding = finding
