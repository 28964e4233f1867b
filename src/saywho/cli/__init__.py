"""saywho's command line: one module per command group, each over the public Python API."""
