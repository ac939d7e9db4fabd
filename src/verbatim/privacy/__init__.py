"""Privacy: settings, small-count masking, retention and erasure, corrections of redactions."""
