"""One module per channel, as in Rasa's rasa/core/channels/: webchat (the widget) and sms (Twilio)."""
