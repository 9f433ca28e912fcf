"""Block Kit builders: pure functions returning dicts, shared by commands, messages and the Home tab."""
