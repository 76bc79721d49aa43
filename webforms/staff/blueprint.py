"""The staff blueprint under /beheer, apart from its routes so they import it without a cycle."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/beheer")
