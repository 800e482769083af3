"""SWOT diagnostics: items, partners' proposals, submitted versions and the synthesis."""
