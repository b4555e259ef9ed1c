"""Dependencies between our apps point one way. Every import of every module, read with `ast` (imports
inside functions too), must stay inside the arrows below."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# app -> the apps it may import. cpsprep wires the project together (settings, URLs, accounts) and sits on
# top: downloading or deleting an account gathers the person's data from every app. Nothing imports it.
ALLOWED = {
    "competencies": set(),
    "quizzes": {"competencies"},
    "cohorts": {"quizzes", "competencies"},
    "study": {"cohorts", "quizzes", "competencies"},
    "itemstats": {"cohorts", "quizzes", "competencies"},
    "cpsprep": {"itemstats", "study", "cohorts", "quizzes", "competencies"},
}


def _imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(ALLOWED)


def _violations() -> list[str]:
    out = []
    for app, allowed in ALLOWED.items():
        for path in sorted((ROOT / app).rglob("*.py")):
            for imported in sorted(_imported_apps(path) - allowed - {app}):
                out.append(f"{path.relative_to(ROOT)} imports {imported}")
    return out


def test_every_module_imports_only_the_apps_below_its_own():
    assert _violations() == []


def test_the_check_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from itemstats import services\n    import study.models\n")
    assert _imported_apps(module) == {"itemstats", "study"}


def test_each_app_is_checked():
    assert all((ROOT / app / "__init__.py").exists() for app in ALLOWED)
