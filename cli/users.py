"""`peiling users`: add, list, change and deactivate accounts of the staff area."""

from __future__ import annotations

import click

from peiling.models.db import session_scope
from peiling.models.staff import StaffRole


@click.group()
def users() -> None:
    """Accounts of the staff area (/beheer): admins and researchers."""


@users.command()
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in StaffRole]), required=True)
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Asked for when not given (at least 12 characters).",
)
def add(email: str, role: str, password: str) -> None:
    """Add a staff account that logs in with EMAIL and a password."""
    from peiling.models import audit
    from peiling.models.staff_accounts import add_user

    with session_scope() as session:
        user = add_user(session, email, role, password)
        audit.record(session, None, "user.add", actor="cli", detail=f"{user.email} ({role})")
        click.echo(f"Added {user.email} as {role}.")


@users.command("list")
def list_() -> None:
    """List staff accounts: address, role, active, second factor, last login."""
    from peiling.models.staff_accounts import list_users

    with session_scope() as session:
        rows = list_users(session)
        if not rows:
            click.echo("No staff accounts yet; add one with `peiling users add`.")
        for user in rows:
            state = "active" if user.active else "deactivated"
            totp = "TOTP" if user.totp_secret else "password only"
            last = f"{user.last_login_at:%Y-%m-%d %H:%M}" if user.last_login_at else "never"
            click.echo(f"{user.email:40} {user.role:10} {state:11} {totp:13} last login {last}")


def _change(action: str, change, message: str, detail: str = "{email}") -> None:
    """Change one account in a session, record it in the audit log and say what was done."""
    from peiling.models import audit

    with session_scope() as session:
        user = change(session)
        audit.record(session, None, action, actor="cli", detail=detail.format(email=user.email))
        click.echo(message.format(email=user.email))


@users.command()
@click.argument("email")
def deactivate(email: str) -> None:
    """Stop an account from logging in and end its sessions (its audit entries stay)."""
    from peiling.models.staff_accounts import deactivate as deactivate_user

    _change("user.deactivate", lambda s: deactivate_user(s, email), "Deactivated {email}.")


@users.command()
@click.argument("email")
def reactivate(email: str) -> None:
    """Let a deactivated account log in again with its password."""
    from peiling.models.staff_accounts import reactivate as reactivate_user

    _change("user.reactivate", lambda s: reactivate_user(s, email), "Reactivated {email}.")


@users.command()
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in StaffRole]), required=True)
def role(email: str, role: str) -> None:
    """Give an account another role."""
    from peiling.models.staff_accounts import change_role

    _change(
        "user.role",
        lambda s: change_role(s, email, role),
        f"{{email}} is now {role}.",
        detail=f"{{email}} ({role})",
    )


@users.command("reset-totp")
@click.argument("email")
def reset_totp(email: str) -> None:
    """Forget an account's TOTP key and end its sessions; it sets up a new one at next login."""
    from peiling.models.staff_accounts import reset_totp as reset

    _change("user.totp_reset", lambda s: reset(s, email), "The second factor of {email} is reset.")
