"""IR -> ts_emitter trees -> the files of a TypeScript SDK (an npm package); see
``docs/typescript.md``."""

from .build import build_ast, render_files

__all__ = ["build_ast", "render_files"]
