"""kg: a knowledge-graph builder for machine-learning research papers."""

__version__ = "0.1.0"
