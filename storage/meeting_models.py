"""Meeting tables (being written)."""
