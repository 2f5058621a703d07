"""The verbs (train, summary, check, predict, compare, reproduce, resume): the one layer
that imports several stages. The CLI picks a verb; a stage never imports a command."""
