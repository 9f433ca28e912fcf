"""Plain, typed rules of the product: no Slack, Flask or SQLAlchemy imports here."""
