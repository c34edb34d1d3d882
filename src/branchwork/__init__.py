"""Branchwork: a self-hosted work system for a party branch and the department it leads."""

__version__ = "0.1.0"
