"""The answers stage: questions as data, answers in layers, one file kept in the repository."""
