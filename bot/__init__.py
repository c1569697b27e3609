"""The Rasa assistant: domain, rules and stories (YAML) and the custom actions (bot.actions)."""
