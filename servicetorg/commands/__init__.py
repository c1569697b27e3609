"""One module per `servicetorg` subcommand: HELP, add_arguments(parser), run(args) -> exit code."""
