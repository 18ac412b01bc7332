"""Officer-facing quiz views."""
