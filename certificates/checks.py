"""System checks for certificates (``certificates.W001`` ...)."""
