"""The paperwork that follows a decision: a decision record, a draft data sharing agreement and a
DPIA screening note, filled from the tools' answers, as Markdown and editable OpenDocument text."""
