"""The package uses its dependencies through their public API only: no underscore attributes.

A private attribute of a matplotlib (pandas, numpy, ...) object is whatever that release
happens to have: patched or read, it breaks silently on the next release (one such patch
already misplaced a tick label). The check reads the source of ``src/jobsearch_analytics``
(the syntax tree, so comments and docstrings never count) and flags:

* ``obj._name`` (read, assigned or deleted) where ``obj`` is not ``self``/``cls`` and not a
  module of this package imported under an underscore alias (those are this package's own
  business, checked elsewhere);
* ``getattr``/``setattr``/``delattr``/``hasattr`` with a literal ``"_name"``;
* imports of a dependency's private module or name (``from matplotlib._x import ...``,
  ``from matplotlib.text import _helper``);
* a private method of a dependency's class overridden in a subclass (a hook such as
  ``Axes._update_patch_limits``), checked on the imported classes. (A private method a
  dependency only probes for with ``hasattr`` is not caught.)

Not caught: private names as strings in dictionaries (a pickled object's ``state["_x"]``),
which cannot be told from this package's own column names such as ``"_group"``.

Dunder names (``__init__``) and IPython's display protocol (``_repr_html_``) are public.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

PACKAGE = "jobsearch_analytics"
#: Underscore names that are documented public API: ``os._exit`` (leave a forked child at once,
#: without running the parent's cleanup).
PUBLIC_BY_DESIGN = frozenset({"os._exit"})
SRC = Path(__file__).resolve().parents[2] / "src" / PACKAGE


def _public(name: str) -> bool:
    """Whether an attribute name is public: no leading underscore, a dunder, or IPython's
    ``_repr_*_`` display protocol."""
    if not name.startswith("_"):
        return True
    if name.startswith("__") and name.endswith("__"):
        return True
    return name.startswith("_repr_") and name.endswith("_")


def _own_modules(tree: ast.Module) -> set[str]:
    """Names bound in this file to this package's own modules or objects by an import."""
    names = set()
    for node in ast.walk(tree):
        # A relative import (level > 0) is from this package too.
        if isinstance(node, ast.ImportFrom) and (
            node.level or (node.module or "").startswith(PACKAGE)
        ):
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(
                alias.asname or alias.name.split(".")[0]
                for alias in node.names
                if alias.name.startswith(PACKAGE)
            )
    return names


def _private_uses(source: str) -> list[tuple[int, str]]:
    """(line, code) of every use of a dependency's private name in ``source``."""
    tree = ast.parse(source)
    own = _own_modules(tree) | {"self", "cls"}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and not _public(node.attr):
            own_name = isinstance(node.value, ast.Name) and node.value.id in own
            if not own_name and ast.unparse(node) not in PUBLIC_BY_DESIGN:
                found.append((node.lineno, ast.unparse(node)))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"getattr", "setattr", "delattr", "hasattr"}
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and not _public(node.args[1].value)
        ):
            found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.ImportFrom) and not node.level:
            module = node.module or ""
            if module.startswith(PACKAGE):
                continue
            private_module = any(not _public(part) for part in module.split("."))
            private_names = [a.name for a in node.names if not _public(a.name)]
            if private_module or private_names:
                found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if not alias.name.startswith(PACKAGE) and any(
                    not _public(part) for part in alias.name.split(".")
                ):
                    found.append((node.lineno, ast.unparse(node)))
    return sorted(found)


FILES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(SRC)) for p in FILES])
def test_no_private_attribute_of_a_dependency_is_used(path: Path) -> None:
    uses = _private_uses(path.read_text(encoding="utf-8"))
    assert not uses, f"{path.relative_to(SRC.parent)} uses private names: {uses}"


#: What the plots layer did before it went through matplotlib's public API, one line each.
PLANTED = [
    "axis._update_ticks = once(axis._update_ticks)",
    "for axis in ax._axis_map.values(): pass",
    "parents = state['_parents'] if hasattr(obj, '_parents') else obj._parents",
    "font = fm.get_font(fm.fontManager._find_fonts_by_props(prop))",
    "heights = renderer._get_font_height_metrics(prop)",
    "type(ax)._update_patch_limits(ax, patch)",
    "del ax._update_patch_limits",
    "blocks = frame._mgr.blocks",
    "setattr(axis, '_get_ticklabel_bboxes', memo)",
    "from matplotlib._api import check_in_list",
    "from matplotlib.text import _get_text_metrics_with_cache",
    "import matplotlib._mathtext",
]

#: Lines that look alike but are fine.
ALLOWED = [
    "from jobsearch_analytics.metrics import timing as _timing\nday = _timing._as_today(x)",
    "import jobsearch_analytics.plots._layout as layout\nlayout._renderer(72.0)",
    "from . import _style\n_style._helper()",
    "class A:\n    def f(self):\n        return self._cache, type(self).__name__",
    "html = report._repr_html_()",
    "x = obj.__class__.__name__",
    "import os\nos._exit(1)",
    "labels = {'_group': 1}\nframe.assign(_group=labels)",
]


@pytest.mark.parametrize("line", PLANTED)
def test_the_check_finds_each_kind_of_private_use(line: str) -> None:
    assert _private_uses(line), line


@pytest.mark.parametrize("code", ALLOWED)
def test_the_check_leaves_public_and_own_names_alone(code: str) -> None:
    assert _private_uses(code) == [], code


def _overridden_private_hooks(cls: type) -> list[str]:
    """Private methods of ``cls`` that override a dependency's (a class of another package
    in its method resolution order)."""
    foreign = [b for b in cls.__mro__[1:] if not b.__module__.startswith(PACKAGE)]
    return [
        f"{cls.__name__}.{name} overrides {base.__module__}.{base.__qualname__}.{name}"
        for name, value in vars(cls).items()
        # Methods written here (not what a base class' machinery stores on the subclass).
        if not _public(name) and inspect.isfunction(value) and value.__module__ == cls.__module__
        for base in foreign
        if name in vars(base)
    ]


def _package_classes() -> list[type]:
    package = importlib.import_module(PACKAGE)
    classes = []
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{PACKAGE}."):
        module = importlib.import_module(info.name)
        classes.extend(
            c for _, c in inspect.getmembers(module, inspect.isclass) if c.__module__ == info.name
        )
    return classes


def test_no_private_hook_of_a_dependency_is_overridden() -> None:
    found = [hook for cls in _package_classes() for hook in _overridden_private_hooks(cls)]
    assert not found, found


def test_the_hook_check_finds_an_overridden_axes_method() -> None:
    from matplotlib.axes import Axes

    class QuickBars(Axes):
        def _update_patch_limits(self, patch):  # what plots._style once patched in
            return None

        def _own_helper(self) -> int:  # not matplotlib's: fine
            return 1

    assert _overridden_private_hooks(QuickBars) == [
        "QuickBars._update_patch_limits overrides matplotlib.axes._base._AxesBase"
        "._update_patch_limits"
    ]
