"""What the resources feature offers others: the crisis lines of a country."""

from cogs.resources.content import CountriesFile, CrisisLinesFile, LineKind, lines_for

__all__ = ["CountriesFile", "CrisisLinesFile", "LineKind", "lines_for"]
