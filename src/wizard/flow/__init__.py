"""The question-flow engine: flows kept as data (model, strict loading), walking and deciding, every
path, the answers in the page address, and the views and page glue for any flow."""
