"""dlpipe."""
