"""qa: ask questions of a folder of news articles and get answers with exact citations."""

__version__ = "0.1.0"
