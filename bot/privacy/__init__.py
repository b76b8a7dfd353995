"""Privacy services: the erasure policy stores honour, message clean-up, export/forget/retention."""
