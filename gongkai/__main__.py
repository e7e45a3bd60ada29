"""`python -m gongkai` runs the command-line tool."""

from gongkai.cli import main

if __name__ == "__main__":
    main()
