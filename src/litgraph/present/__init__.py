"""Answers to people and tools: text, tables, offline HTML views and exports.

Nothing here opens or reads a store."""
