"""`python -m claimdiff` runs the CLI, with the same exit codes as the `claimdiff` script."""

from claimdiff.cli import main

if __name__ == "__main__":
    main()
