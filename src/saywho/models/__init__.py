"""Trained weights that ship with saywho (see docs/model.md); data only, no code."""
