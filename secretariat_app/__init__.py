"""Secretariat — desktop management for industry associations and chambers of commerce."""

__version__ = "0.1.0"
APP_NAME = "Secretariat"
APP_ID = "secretariat"
