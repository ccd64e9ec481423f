"""Agents: declared as data (``specs/<name>.yaml``), run by a local or a docker runner."""
