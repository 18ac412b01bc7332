"""The platform's Django project and its plugin framework."""

__version__ = "0.1.0"
