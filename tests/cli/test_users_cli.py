"""`peiling users`: add, list and deactivate staff accounts from the command line."""

from click.testing import CliRunner

from peiling.cli import cli
from peiling.models import audit
from peiling.models.staff_accounts import authenticate

PASSWORD = "een lang wachtwoord"


def run(*args, input=None, code=0):
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def test_add_list_and_deactivate_an_account(db_session):
    out = run(
        "users", "add", "ESS@example.nl", "--role", "admin", input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert "Added ess@example.nl as admin." in out
    listed = run("users", "list")
    assert "ess@example.nl" in listed and "admin" in listed and "active" in listed
    assert authenticate(db_session, "ess@example.nl", PASSWORD) is not None
    assert "Deactivated ess@example.nl." in run("users", "deactivate", "ess@example.nl")
    assert "deactivated" in run("users", "list")
    db_session.expire_all()
    assert authenticate(db_session, "ess@example.nl", PASSWORD) is None
    actions = [row["action"] for row in audit.entries(db_session)]
    assert actions == ["user.deactivate", "user.add"]


def test_an_unknown_role_is_refused():
    out = run("users", "add", "a@example.nl", "--role", "boss", input="x\nx\n", code=2)
    assert "boss" in out


def test_role_reactivate_and_reset_totp_use_the_functions_of_the_accounts_page(db_session):
    from peiling.models.staff_accounts import find_user

    run("users", "add", "r@example.nl", "--role", "researcher", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert "r@example.nl is now admin." in run("users", "role", "r@example.nl", "--role", "admin")
    run("users", "deactivate", "r@example.nl")
    assert "Reactivated r@example.nl." in run("users", "reactivate", "r@example.nl")
    user = find_user(db_session, "r@example.nl")
    user.totp_secret = "JBSWY3DPEHPK3PXP"
    db_session.commit()
    assert "is reset" in run("users", "reset-totp", "r@example.nl")
    db_session.expire_all()
    user = find_user(db_session, "r@example.nl")
    assert user.role == "admin" and user.active and user.totp_secret is None
    assert authenticate(db_session, "r@example.nl", PASSWORD) is not None
    actions = [row["action"] for row in audit.entries(db_session)][:4]
    assert actions == ["user.totp_reset", "user.reactivate", "user.deactivate", "user.role"]
