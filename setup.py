"""The search's dense loops in C (domain/search/_kernels.c), built by `pip install` (`make run`, `make test`).
Everything else about the package is in pyproject.toml. Without a C compiler the NumPy steps of
domain/search/scoring.py answer alone, the same answers, more slowly."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "domain.search._kernels",
            sources=["domain/search/_kernels.c"],
            # the same sums as NumPy's: no contraction of a multiply and an add into one rounding
            extra_compile_args=["-ffp-contract=off", "-Wall"],
            optional=True,
        )
    ]
)
