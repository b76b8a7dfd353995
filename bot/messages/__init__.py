"""The bot's own words, one module per part; content/ holds the longer texts."""
