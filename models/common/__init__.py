"""Shared helpers of the demo model training scripts (data generation, packaging, parity)."""
