"""Prefect flows: they orchestrate plain functions from models, mailing, cleaning and exports."""
