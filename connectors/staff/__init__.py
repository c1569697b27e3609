"""The staff side: sign-in and the inbox at /staff."""
