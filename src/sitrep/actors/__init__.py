"""Actor registry: facade names, parent militias, umbrellas and media channels, with a resolver that maps any
spelling to one entry and finds registry names in running text.

    from sitrep.actors import get_registry
    reg = get_registry()
    reg.resolve("Saryat Qasim al-Jabbarin").id   # 'saraya_qasim_al_jabbarin'
    reg.to_ref("Al-Nujaba Movement")             # sitrep.models.ActorRef
    reg.find_mentions(article_text)              # [ActorMention(start, end, surface, actor), ...]

New-group detection in text lives in sitrep.actors.discovery (find_new_groups).
"""

from __future__ import annotations

from sitrep.actors.registry import Actor, RegistryError, load_rows
from sitrep.actors.resolver import ActorMention, Registry, Resolution, get_registry

__all__ = ["Actor", "ActorMention", "Registry", "RegistryError", "Resolution", "get_registry", "load_rows"]
