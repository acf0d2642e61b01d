"""A scripted demonstration data set for the agency workflow."""
