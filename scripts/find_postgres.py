"""Print the PostgreSQL URL the test suite should use, if a server answers there (exit 1 if not).

TEST_DATABASE_URL wins; otherwise the local default (127.0.0.1:5432, trust auth, database `test`).
"""

from __future__ import annotations

import os
import sys

DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"


def main() -> int:
    url = os.environ.get("TEST_DATABASE_URL") or DEFAULT
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # any failure means: no usable server
        print(f"{url}: {exc}".strip(), file=sys.stderr)
        return 1
    print(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
