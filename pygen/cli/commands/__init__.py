"""One module per CLI command; heavy imports happen inside the command functions."""
