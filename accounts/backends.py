from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class PortalBackend(ModelBackend):
    """Django's model backend, except that demo accounts cannot log in, nor stay logged in,
    where demo accounts are not allowed (DEBUG off): on the portal's login, the admin's, any."""

    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEMO_ACCOUNTS_ALLOWED:
            return False
        return super().user_can_authenticate(user)
