"""The graph layer: the schema (declared once) and each source file's contribution to it."""
