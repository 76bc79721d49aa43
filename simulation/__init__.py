"""A seeded simulator of panels and responses, through the same services as real responses."""

from peiling.simulation.history import (
    SimulationResult,
    WaveSummary,
    simulate_history,
    simulate_wave,
)

__all__ = ["SimulationResult", "WaveSummary", "simulate_history", "simulate_wave"]
