"""saywho's language data and defaults (read through saywho.lexicon)."""
