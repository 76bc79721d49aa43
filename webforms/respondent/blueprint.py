"""The respondent blueprint, apart from its routes so that they can import it without a cycle."""

from flask import Blueprint

bp = Blueprint("respondent", __name__)
