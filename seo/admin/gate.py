"""The publishing gate: the SEO review workflow task, the confirmation before
publishing a revision with error-level findings, and the hard block."""
