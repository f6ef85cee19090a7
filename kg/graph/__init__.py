"""Graph model, building, linking, analytics and file formats."""
