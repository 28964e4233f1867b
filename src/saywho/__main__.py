"""``python -m saywho`` runs the command line."""

from .cli.main import main

main()
