"""The lazy listeners' executor knows when all its work is done: tests wait on that instead of sleeping."""

from __future__ import annotations

import threading

from plugin.app import LazyWork


def test_wait_idle_waits_for_work_and_for_the_work_it_submits() -> None:
    lazy_work = LazyWork(max_workers=2)
    release = threading.Event()
    done: list[str] = []

    def second() -> None:
        release.wait(5)
        done.append("second")

    def first() -> None:
        lazy_work.submit(second)
        done.append("first")

    try:
        assert lazy_work.wait_idle(0.01)  # nothing submitted yet
        lazy_work.submit(first)
        assert not lazy_work.wait_idle(0.1)  # `second` waits for the release
        release.set()
        assert lazy_work.wait_idle(5)
        assert done == ["first", "second"]
    finally:
        release.set()
        lazy_work.shutdown(wait=True)


def test_work_that_fails_still_counts_as_finished() -> None:
    lazy_work = LazyWork(max_workers=1)

    def broken() -> None:
        raise RuntimeError("kapot")

    try:
        future = lazy_work.submit(broken)
        assert lazy_work.wait_idle(5)
        assert isinstance(future.exception(), RuntimeError)
    finally:
        lazy_work.shutdown(wait=True)
