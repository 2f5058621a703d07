"""`python -m dlpipe`: the same as the `dlpipe` console script."""

from dlpipe.cli import main

if __name__ == "__main__":
    main()
