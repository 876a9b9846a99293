"""“Is this share possible?”: the legal-gateway triage flow (flow.toml), its named scenarios
(scenarios.toml), the tool that runs it and the decision record it writes."""
