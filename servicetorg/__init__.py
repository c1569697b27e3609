"""servicetorg: the command line and configuration shared by the app and the tools."""
