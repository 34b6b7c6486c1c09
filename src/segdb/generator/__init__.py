"""Demo data generator: a simulated shop whose raw tables follow the data contract.

Usage from Python::

    from segdb.generator import GeneratorConfig, generate
    result = generate(GeneratorConfig(customers=5000, seed=42, out=Path("data/generated/demo")))
"""

from .config import (
    ALL_TABLES,
    ARCHETYPE_NAMES,
    DEFAULT_ARCHETYPES,
    DEFAULT_DIRT_RATE,
    ArchetypeSpec,
    GeneratorConfig,
)
from .pipeline import RunResult, generate

__all__ = [
    "ALL_TABLES",
    "ARCHETYPE_NAMES",
    "DEFAULT_ARCHETYPES",
    "DEFAULT_DIRT_RATE",
    "ArchetypeSpec",
    "GeneratorConfig",
    "RunResult",
    "generate",
]
