"""Password hashing: Argon2id at the configuration OWASP's Password Storage Cheat Sheet
recommends (19 MiB of memory, 2 passes, 1 lane), which costs about 35 ms of one core per
login here instead of Django's default 100 MiB on 8 lanes (about 270 ms on both cores of
this 2-core machine, which held every login over the 300 ms target under load). Online
guessing is stopped by the login throttling (django-axes); the ARGON2_* settings raise the
cost where the hardware allows. Hashes made with other parameters still check, and are
rehashed at the next login."""

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = settings.ARGON2_TIME_COST
    memory_cost = settings.ARGON2_MEMORY_KIB
    parallelism = settings.ARGON2_PARALLELISM
