"""`python -m pipeline` runs the `scenes` command."""

from pipeline.cli import main

if __name__ == "__main__":
    main()
