"""Evaluations against hand-annotated gold sets (tests/gold)."""
