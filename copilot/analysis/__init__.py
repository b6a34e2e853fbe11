"""Thread analysis: asks, flags, promises, brief. Pure functions, no I/O."""

from copilot.analysis.analyzer import RuleAnalyzer, analyze, as_ticket

__all__ = ["analyze", "as_ticket", "RuleAnalyzer"]
