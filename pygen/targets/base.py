"""What a target is: the interface every language implements, and the trees it hands back.

A target turns the language-neutral IR into one language's SDK in two steps, ``build_ast``
(IR -> syntax trees: libcst modules, ts_emitter source files) and ``render`` (trees -> every
file of the SDK as text, with what the target ships beside the trees). ``pygen/api.py`` calls
targets only through this interface and never names a language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from pygen.config import GeneratorConfig
    from pygen.emit import FileSet
    from pygen.ir import IRModel
    from pygen.naming import NamingConvention

__all__ = ["SyntaxTrees", "Target"]


@runtime_checkable
class Target(Protocol):
    """One target language of the generator.

    Attributes:
        name: The registry key, the ``--language`` value and, with several languages, the
            output sub-folder (``"python"``, ``"typescript"``); also the key under which the
            IR stores this language's names (``convention.language``).
        convention: How the name plan names things in this language (casing, reserved words,
            runtime names); validation reports exactly these names. A target with naming
            settings may also define ``naming(config) -> NamingConvention`` (Python does, for
            ``generation.naming``); :func:`pygen.targets.conventions_of` then uses it.
    """

    name: str
    convention: NamingConvention

    def build_ast(self, ir: IRModel, config: GeneratorConfig) -> Mapping[PurePosixPath, object]:
        """The target's syntax trees (libcst.Module / ts_emitter source-file nodes), keyed by
        path relative to the output folder of this target (e.g. ``example_model/api.py``)."""
        ...

    def render(
        self, trees: Mapping[PurePosixPath, object], ir: IRModel, config: GeneratorConfig
    ) -> FileSet:
        """Every file of the SDK as text: the rendered trees plus what the target ships beside
        them (runtime copies, package files such as package.json / tsconfig.json / README)."""
        ...

    def generate_files(
        self, ir: IRModel, config: GeneratorConfig, timings: dict[str, float]
    ) -> FileSet:
        """build_ast + render (recording seconds per step in ``timings``); a target may do it
        faster (Python: worker processes)."""
        ...


class SyntaxTrees(dict[PurePosixPath, Any]):
    """A target's syntax trees by path (what :func:`pygen.build_ast` returns for one language),
    remembering which target made them from which IR, so :func:`pygen.render` needs neither.

    It is a plain ``dict`` otherwise: replace or add trees in place before rendering (a new
    ``dict`` built from it forgets the target; then pass ``ir=`` and a one-language config to
    ``render``).

    Attributes:
        language: The name of the target that built the trees.
        ir: The IR they were lowered from.
    """

    def __init__(
        self,
        trees: Mapping[PurePosixPath, Any] | Iterable[tuple[PurePosixPath, Any]] = (),
        *,
        language: str,
        ir: IRModel,
    ) -> None:
        super().__init__(trees)
        self.language = language
        self.ir = ir

    def __repr__(self) -> str:
        return f"SyntaxTrees({self.language}, {len(self)} file(s): {sorted(map(str, self))})"
