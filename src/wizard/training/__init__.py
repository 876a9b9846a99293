"""Training built from the tools themselves: the scenario exercises (exercises.toml) and the
self-marking quiz (quiz.toml), run by the same engine and data as the tools."""
