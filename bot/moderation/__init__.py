"""Moderation services: decisions for crisis alerts, reports and infractions, testable without Discord."""
