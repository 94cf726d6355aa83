"""The project's inputs: configuration, the drug catalog, bibliographies."""
