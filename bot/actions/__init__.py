"""Custom actions for the servicetorg assistant: `rasa run actions --actions bot.actions`."""
from .actions import (  # noqa: F401  (rasa-sdk finds the Action classes by importing the package)
    ActionAffirm,
    ActionAnswer,
    ActionChooseService,
    ActionClarify,
    ActionDeny,
    ActionFallback,
    ActionHandover,
    ActionOutOfScope,
    ActionSmallTalk,
)
