"""Request and response bodies of the API: every field described, unknown fields refused on input."""
