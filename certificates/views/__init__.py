"""Certificate pages: public verification, officers' downloads, bulk ZIPs."""
