"""A simulated panel: organisations (synthetic or from the CBS list) and their contacts."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from peiling.models.contact import Contact
from peiling.models.organisation import Organisation
from peiling.simulation.plan import rng_for
from peiling.vocabulary import PROVINCES

ROLES = ["safety", "social", "other"]
FIRST = [
    "Anna",
    "Bram",
    "Chantal",
    "Daan",
    "Esra",
    "Fleur",
    "Gijs",
    "Hanneke",
    "Ilias",
    "Joost",
    "Karin",
    "Lars",
    "Mila",
    "Noah",
    "Olga",
    "Pieter",
    "Romy",
    "Sem",
    "Tess",
    "Youssef",
]
LAST = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "El Amrani",
    "Yilmaz",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Dijk",
    "Kok",
]


def synthetic_list(count: int, seed: int) -> list[dict]:
    """Make a list of fictitious municipalities with a realistic spread of population."""
    rows = []
    for number in range(1, count + 1):
        rng = rng_for(seed, "organisation", str(number))
        population = int(min(max(rng.lognormvariate(10.4, 0.8), 1000), 900_000))
        region = rng.randint(1, 25)
        rows.append(
            {
                "code": f"SIM{number:05d}",
                "name": f"Simgemeente {number}",
                "province": rng.choice(PROVINCES),
                "population": population,
                "safety_region_code": f"VR{region:02d}",
                "safety_region": f"Veiligheidsregio {region}",
            }
        )
    return rows


def slug(name: str) -> str:
    """Return a lower-case ASCII slug of a name, for e-mail domains."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "org"


def contacts_for(org: dict, seed: int, duplicate_share: float = 0.02) -> list[dict]:
    """Make one to three contacts of an organisation; now and then one is listed twice."""
    rng = rng_for(seed, "contacts", org["code"])
    count = rng.choices([1, 2, 3], weights=[3, 4, 2])[0]
    domain = slug(org["name"]) + ".example.nl"
    result = []
    for index in range(count):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        email = f"{slug(name).replace('-', '.')}.{index + 1}@{domain}"
        role = ROLES[index] if index < len(ROLES) else "other"
        result.append({"name": name, "email": email, "role": role, "language": "nl"})
        if rng.random() < duplicate_share:
            # The same person imported twice under a differently written address.
            result.append({"name": name, "email": email.upper(), "role": role, "language": "nl"})
    return result


def create_panel(session: Session, organisations: list[dict], seed: int) -> int:
    """Store organisations that do not exist yet, and contacts for every organisation.

    Returns the number of contacts added; contacts that exist already are left alone.
    """
    known = set(session.scalars(select(Organisation.code)))
    new = [org for org in organisations if org["code"] not in known]
    if new:
        session.execute(insert(Organisation), new)
    everyone = session.execute(select(Organisation.id, Organisation.code, Organisation.name)).all()
    existing = {
        tuple(row) for row in session.execute(select(Contact.organisation_id, Contact.email))
    }
    rows = [
        {"organisation_id": org_id, **contact}
        for org_id, code, name in sorted(everyone, key=lambda row: row.code)
        for contact in contacts_for({"code": code, "name": name}, seed)
        if (org_id, contact["email"]) not in existing
    ]
    if rows:
        session.execute(insert(Contact), rows)
    return len(rows)
