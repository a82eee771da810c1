"""`python -m litgraph`: the command-line interface, as the `litgraph` command."""

from .cli import main

main()
