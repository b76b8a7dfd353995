"""Packaging beyond what pyproject.toml can say: content/ ships inside the wheel as the `hearth_content` package."""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["bot", "bot.*", "cogs", "cogs.*"]), "hearth_content"],
    package_dir={"hearth_content": "content"},
)
