"""The FastAPI app: web chat, SMS, the staff inbox and the office views, and its store.

Rasa is the brain behind it, over HTTP (rasa_client.py); the app owns the channels and the
conversations, including who (bot or person) is answering.
"""
