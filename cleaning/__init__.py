"""Cleaning: plain functions that turn a wave's raw responses into a cleaned dataset."""
