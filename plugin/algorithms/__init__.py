"""Processing algorithms of the Grid Planner provider (one class per module)."""
