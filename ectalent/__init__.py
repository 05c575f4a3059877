"""ectalent — 电商人才培育与评价平台."""

__version__ = "0.1.0"
