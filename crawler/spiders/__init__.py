"""Spiders: one generic site spider driven by configs/sites/*.yaml."""
