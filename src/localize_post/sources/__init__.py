"""Parsers: source text in, Document out. No I/O."""
