"""Install the top-level folders as one import root, `peiling.*`; the rest is in pyproject.toml."""

from setuptools import find_namespace_packages, setup

# Each top-level folder and the name it installs under. A folder here is importable only by
# its ``peiling.`` name (ruff's banned-api refuses the bare one), so no table is defined twice.
FOLDERS = {
    "peiling": "peiling",
    "peiling.cli": "cli",
    "peiling.cleaning": "cleaning",
    "peiling.exports": "exports",
    "peiling.flows": "flows",
    "peiling.importers": "importers",
    "peiling.mailing": "mailing",
    "peiling.models": "models",
    "peiling.questionnaires": "questionnaires",
    "peiling.simulation": "simulation",
    "peiling.webforms": "webforms",
}

# Every folder below them is a package, data folders (templates, migrations) included, so that
# their files are package data read with importlib.resources.
packages = []
for name, folder in FOLDERS.items():
    packages.append(name)
    found = find_namespace_packages(folder, exclude=["*__pycache__*"])
    packages.extend(f"{name}.{sub}" for sub in found)

setup(packages=packages, package_dir=FOLDERS)
