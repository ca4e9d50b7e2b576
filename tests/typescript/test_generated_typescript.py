"""The TypeScript target (``pygen/lower/typescript``, ``pygen/targets/typescript.py``) on every
fixture, the example model and the hostile corpus: the golden SDKs (``golden/<fixture>/
typescript``, which ``tests/golden`` keeps equal to the generator's output) pass one
``tsc --strict --noEmit`` over all of them with their own (identical) compiler options, and
``prettier --check``; the package builds into ``dist/`` and imports under node.

The tools come from ``npm ci`` in the repository root; when they are missing the tests fail,
naming the fix. They never skip.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from pygen import load_data_model
from pygen.config import GeneratorConfig
from pygen.ir import IRModel, build_ir
from pygen.lower.typescript.package import RUNTIME_SOURCES, npm_version
from pygen.naming.reserved import TYPESCRIPT_RUNTIME_EXPORTS
from pygen.targets.typescript import TARGET
from tests.golden.fixtures import FIXTURES, UPDATE_COMMAND, Fixture
from tests.hostile.cases import CASES
from ts_emitter import nodes as n

REPO = Path(__file__).resolve().parents[2]
BIN = REPO / "node_modules" / ".bin"
GENERIC_E2E = Path(__file__).resolve().parent / "golden_e2e"
MODELS = [REPO / "pygen" / "examples" / "example_model.yaml"] + [
    path
    for path in sorted((REPO / "tests" / "data" / "models").glob("*.yaml"))
    if not path.name.endswith(".nodes.yaml")
]
STRICT = {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "lib": ["ES2022", "DOM"],
    "strict": True,
    "noUncheckedIndexedAccess": True,
    "exactOptionalPropertyTypes": True,
    "noEmit": True,
    "skipLibCheck": True,
}


@pytest.fixture(scope="module")
def tsc() -> Path:
    """The pinned ``tsc``; fails (never skips) when ``npm ci`` has not been run."""
    path = BIN / "tsc"
    if not path.exists() or not (BIN / "prettier").exists():
        pytest.fail(f"tsc / prettier not found in {BIN}: run npm ci in {REPO}", pytrace=False)
    return path


def _run(command: Sequence[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False
    )


def _ir(model_file: Path) -> IRModel:
    ir, result = build_ir(load_data_model(model_file))
    assert result.is_valid, [issue.code for issue in result.issues]
    return ir


def _generate(ir: IRModel, output: Path) -> Path:
    TARGET.generate_files(ir, GeneratorConfig(), {}).write(output)
    return output / TARGET.folder(ir)


@pytest.fixture(scope="module")
def fixture_packages() -> dict[str, Path]:
    """The golden TypeScript SDK of the example model and of every fixture: name -> folder."""
    packages = {fixture.name: fixture.typescript_dir for fixture in FIXTURES}
    missing = [name for name, folder in packages.items() if not (folder / "src").is_dir()]
    assert not missing, f"no TypeScript golden for {missing}; create it with: {UPDATE_COMMAND}"
    return packages


@pytest.fixture(scope="module")
def compiled_goldens(
    tsc: Path, fixture_packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """One ``tsc`` over every golden SDK and the generic end-to-end script
    (``golden_e2e/generic.ts``), with the compiler options of the goldens' generated
    ``tsconfig.json`` (the same for all; each SDK is its own ES module tree with its own
    runtime copy, so they do not interfere) and no Node types: about a third of the time of
    one ``tsc`` per SDK. Emits ES modules into a temporary folder (mirroring the repository)."""
    out = tmp_path_factory.mktemp("golden-sdks")
    configs = {
        name: json.loads((folder / "tsconfig.json").read_text())
        for name, folder in fixture_packages.items()
    }
    options = configs["example"]["compilerOptions"]
    differing = [name for name, config in configs.items() if config["compilerOptions"] != options]
    assert not differing, f"these goldens have other compiler options: {differing}"
    for emit_only in ("declaration", "sourceMap"):
        options.pop(emit_only, None)
    sources = [f"{folder.as_posix()}/src/**/*.ts" for folder in fixture_packages.values()]
    sources.append(f"{GENERIC_E2E.as_posix()}/*.ts")
    options |= {"rootDir": REPO.as_posix(), "outDir": (out / "js").as_posix(), "types": []}
    (out / "tsconfig.json").write_text(json.dumps({"compilerOptions": options, "include": sources}))
    result = _run([tsc, "-p", out / "tsconfig.json", "--pretty", "false"], out)
    assert result.returncode == 0, result.stdout[-5000:]
    assert result.stdout == ""
    (out / "js" / "package.json").write_text('{"type": "module"}\n')
    return out / "js"


def test_every_golden_passes_tsc_strict(compiled_goldens: Path) -> None:
    for fixture in FIXTURES:
        index = compiled_goldens / fixture.typescript_dir.relative_to(REPO) / "src" / "index.js"
        assert index.is_file(), index


def test_every_golden_is_prettier_formatted(fixture_packages: dict[str, Path]) -> None:
    files = [
        path
        for package in fixture_packages.values()
        for pattern in ("src/**/*.ts", "package.json", "tsconfig.json")
        for path in package.glob(pattern)
        if "runtime" not in path.relative_to(package).parts  # checked once in its source
    ]
    assert len(files) >= 6 * len(fixture_packages)
    files.append(GENERIC_E2E / "generic.ts")
    command = [BIN / "prettier", "--no-config", "--no-editorconfig", "--check", *files]
    result = _run(command, REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_generated_tsconfig_is_strict(fixture_packages: dict[str, Path]) -> None:
    options = json.loads((fixture_packages["example"] / "tsconfig.json").read_text())
    compiler = options["compilerOptions"]
    assert compiler["strict"] and compiler["noUncheckedIndexedAccess"]
    assert compiler["exactOptionalPropertyTypes"] and compiler["outDir"] == "dist"


def test_the_package_builds_into_dist_and_imports_under_node(
    tsc: Path, fixture_packages: dict[str, Path], tmp_path: Path
) -> None:
    package = tmp_path / "example-model"
    shutil.copytree(fixture_packages["example"], package)
    manifest = json.loads((package / "package.json").read_text())
    assert manifest["scripts"]["build"] == "tsc -p tsconfig.json"
    # `npm run build` with the pinned compiler (no npm install: the package has no dependencies)
    build = _run([tsc, *manifest["scripts"]["build"].split()[1:]], package)
    assert build.returncode == 0, build.stdout
    for exported in (manifest["main"], manifest["types"], *manifest["exports"]["."].values()):
        assert (package / exported).is_file(), exported
    script = (
        f"const sdk = await import({json.dumps((package / manifest['main']).as_uri())});"
        "console.log(sdk.PYGEN_VERSION, sdk.MODEL_VERSION, typeof sdk.ExampleModelClient,"
        " sdk.VIEWS.length, sdk.EQUIPMENT_VIEW.externalId);"
    )
    node = shutil.which("node")
    assert node is not None, "node not found on PATH: install Node >= 18"
    run = _run([node, "--input-type=module", "-e", script], package)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["0.1.0", "1", "function", "6", "Equipment"]


def test_package_json(fixture_packages: dict[str, Path]) -> None:
    manifest = json.loads((fixture_packages["example"] / "package.json").read_text())
    assert manifest["name"] == "example-model"
    assert manifest["version"] == "1.0.0"  # from the model version "1"
    assert manifest["type"] == "module"
    assert manifest["exports"]["."] == {"types": "./dist/index.d.ts", "default": "./dist/index.js"}
    assert manifest["engines"] == {"node": ">=18"}
    assert "dependencies" not in manifest
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["pygen"]["sourceHash"])


@pytest.mark.parametrize(
    ("model_version", "expected"),
    [
        ("1", "1.0.0"),
        ("v1", "1.0.0"),
        ("V2.1", "2.1.0"),
        ("1.2.3", "1.2.3"),
        ("01.002", "1.2.0"),
        ("2024-01-draft", "0.0.0-2024.1.draft"),
        ("1_2_3_4", "0.0.0-1.2.3.4"),
        ("beta", "0.0.0-beta"),
    ],
)
def test_npm_version_from_the_model_version(model_version: str, expected: str) -> None:
    semver = r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-((0|[1-9]\d*|[A-Za-z-]+)(\.|$))+)?"
    assert npm_version(model_version) == expected
    assert re.fullmatch(semver, expected)


def test_every_source_starts_with_the_provenance_lines(
    fixture_packages: dict[str, Path],
) -> None:
    package = fixture_packages["example"]
    for name in ("dataClasses", "api", "client", "index"):
        lines = (package / "src" / f"{name}.ts").read_text().splitlines()
        assert lines[0].startswith("// Generated by pygen 0.1.0 from pygen_example:ExampleModel")
        assert re.fullmatch(r"// Model source hash: [0-9a-f]{64}", lines[1])


def test_the_runtime_is_copied_unchanged(fixture_packages: dict[str, Path]) -> None:
    copied = fixture_packages["Pumps"] / "src" / "runtime"
    sources = sorted(RUNTIME_SOURCES.glob("*.ts"))
    assert sources
    assert sorted(p.name for p in copied.iterdir()) == [p.name for p in sources]
    for source in sources:
        assert (copied / source.name).read_bytes() == source.read_bytes()


def test_the_plan_knows_every_runtime_export() -> None:
    """Generated modules import from the runtime and index.ts re-exports it all: the name plan
    keeps every runtime export from generated names."""
    text = (RUNTIME_SOURCES / "index.ts").read_text()
    exported = set()
    for block in re.findall(r"export \{([^}]*)\}", text):
        exported |= {
            name.split()[-1] for name in block.replace("\n", " ").split(",") if name.strip()
        }
    assert exported == TYPESCRIPT_RUNTIME_EXPORTS


def _nodes(value: object) -> Iterator[object]:
    yield value
    if isinstance(value, tuple):
        for item in value:
            yield from _nodes(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _nodes(getattr(value, field.name))


def test_the_trees_hold_no_raw_text() -> None:
    """Every generated line comes from a node: no ``Raw`` escape hatch anywhere."""
    for model_file in MODELS[:3]:
        trees = TARGET.build_ast(_ir(model_file), GeneratorConfig())
        assert trees
        for path, tree in trees.items():
            assert isinstance(tree, n.SourceFile), path
            assert not [node for node in _nodes(tree) if isinstance(node, n.Raw)], path


def test_hostile_corpus_passes_tsc_strict(tsc: Path, tmp_path: Path) -> None:
    """Every hostile case that generates: one strict ``tsc`` over all their SDKs together
    (each file is a module, so they do not interfere)."""
    generated: dict[str, Path] = {}
    for case in CASES:
        if case.error is not None:
            continue
        model_file = tmp_path / "models" / case.name / case.file
        model_file.parent.mkdir(parents=True)
        model_file.write_bytes(case.content)
        generated[case.name] = _generate(_ir(model_file), tmp_path / "sdks" / case.name)
    assert {"typescript_keywords", "case_only_names", "template_syntax"} <= set(generated)
    config = {"compilerOptions": STRICT, "include": ["sdks/*/*/src/**/*.ts"]}
    (tmp_path / "tsconfig.json").write_text(json.dumps(config))
    (tmp_path / "package.json").write_text('{"type": "module"}')
    result = _run([tsc, "-p", tmp_path / "tsconfig.json"], tmp_path)
    assert result.returncode == 0, result.stdout[-5000:]
    # hostile text stays text: `${x}` and backticks in a doc comment, `*/` escaped
    data_classes = (generated["template_syntax"] / "src" / "dataClasses.ts").read_text()
    assert "${x} `whoami` *\\/ /* {{x}} %s {0} <!--" in data_classes
    # names that differ only in case get their own declarations; keywords are fine as members
    keywords = (generated["typescript_keywords"] / "src" / "dataClasses.ts").read_text()
    assert "  delete: string | null;" in keywords and "  constructor_: string | null;" in keywords
    assert "  type_: string | null;" in keywords


def test_the_per_view_layout_compiles_formats_builds_and_imports(tsc: Path, tmp_path: Path) -> None:
    """Large models get a file per view (``dataClasses/<view>.ts``, ``api/<view>.ts``) and
    only ``index.ts`` / ``client.ts`` list the views; forced here for the example model and
    CogniteCore. A view's data classes import only types from other views (their ``ViewRef``s
    are written out), its API module values from its own data classes and, for an edge
    accessor, the edge view's API module (used inside a getter only), so the built package
    loads under node and the accessor works across modules."""
    from pygen.emit import FileSet
    from pygen.lower.typescript import build_ast, render_files
    from pygen.lower.typescript.context import TypeScriptSettings

    settings = TypeScriptSettings(pygen_version="0.1.0", split_views=1)
    packages = []
    for model_file in (MODELS[0], REPO / "tests" / "data" / "models" / "CogniteCore.yaml"):
        ir = _ir(model_file)
        texts = render_files(build_ast(ir, settings), ir, settings)
        folder = TARGET.folder(ir)
        FileSet.of({folder / path: text for path, text in texts.items()}).write(tmp_path)
        packages.append(tmp_path / folder)
    example = packages[0]
    assert not {"views.ts", "dataClasses.ts", "api.ts"} & {
        p.name for p in (example / "src").iterdir()
    }
    assert (example / "src" / "dataClasses" / "equipmentSummary.ts").is_file()
    assert (example / "src" / "api" / "workOrder.ts").is_file()
    for package in packages:
        result = _run([tsc, "-p", package / "tsconfig.json", "--noEmit"], package)
        assert result.returncode == 0, result.stdout[-3000:]
    sources = [p for p in tmp_path.rglob("src/**/*.ts") if "runtime" not in p.parts]
    command = [BIN / "prettier", "--no-config", "--no-editorconfig", "--check", *sources]
    result = _run(command, REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    build = _run([tsc, "-p", "tsconfig.json"], example)
    assert build.returncode == 0, build.stdout
    node = shutil.which("node")
    assert node is not None, "node not found on PATH: install Node >= 18"
    script = (
        f"const sdk = await import({json.dumps((example / 'dist' / 'index.js').as_uri())});"
        "console.log(sdk.VIEWS.length, sdk.EQUIPMENT_SPEC.edges.connectedTo.targetView.externalId,"
        " sdk.SITE_SPEC.reverse.equipment.sourceView.externalId, typeof sdk.WorkOrderAPI,"
        " new sdk.EquipmentAPI({}).connectedToEdges.edges.edgeType.externalId);"
    )
    run = _run([node, "--input-type=module", "-e", script], example)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == [
        "6", "Equipment", "Equipment", "function", "Equipment.connectedTo"
    ]  # fmt: skip


def test_large_models_get_the_per_view_layout() -> None:
    from pygen.lower.typescript.context import SPLIT_VIEWS
    from pygen.testing import synthesize_model

    small, _ = build_ir(synthesize_model(SPLIT_VIEWS - 1, base_views=10))
    large, _ = build_ir(synthesize_model(SPLIT_VIEWS, base_views=10))
    small_paths = {
        p.relative_to(TARGET.folder(small)) for p in TARGET.build_ast(small, GeneratorConfig())
    }
    large_paths = {
        p.relative_to(TARGET.folder(large)) for p in TARGET.build_ast(large, GeneratorConfig())
    }
    assert {p.as_posix() for p in small_paths} == {
        "src/dataClasses.ts",
        "src/api.ts",
        "src/client.ts",
        "src/index.ts",
    }
    assert len(large_paths) == 2 + 2 * SPLIT_VIEWS


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_golden_sdk_end_to_end(compiled_goldens: Path, fixture: Fixture) -> None:
    """The golden SDK, compiled, driven by ``golden_e2e/generic.ts`` against an emulator loaded
    with its model (one emulator and one node process per SDK): for every writable node view,
    upsert three instances with a value per property (nested writes for direct relations and
    edges), retrieve, list by prefix and by a generated filter option, follow a direct
    relation and an edge, delete. Every view reports what it exercised and why not the rest."""
    from pygen.emulator import LocalCDF

    node = shutil.which("node")
    assert node is not None, "node not found on PATH: install Node >= 18"
    index = compiled_goldens / fixture.typescript_dir.relative_to(REPO) / "src" / "index.js"
    script = compiled_goldens / GENERIC_E2E.relative_to(REPO) / "generic.js"
    with LocalCDF(db=":memory:", load=[fixture.model_file]) as cdf:
        env = {
            **os.environ,
            "CDF_BASE_URL": cdf.base_url,
            "CDF_PROJECT": cdf.project,
            "CDF_TOKEN": cdf.token,
            "PYGEN_SDK": index.as_uri(),
        }
        result = subprocess.run(
            [node, script], env=env, capture_output=True, text=True, timeout=240, check=False
        )
    assert result.returncode in (0, 1) and result.stdout, result.stderr[-4000:]
    reports = json.loads(result.stdout)
    for report in reports:  # shown with -s / on failure: what each view did, and why not more
        done = ", ".join(report["exercised"]) or "-"
        print(f"{fixture.name} {report['view']}: {done}; " + "; ".join(report["notes"]))
    errors = [f"{r['view']}: {error}" for r in reports for error in r["errors"]]
    assert not errors, "\n".join(errors)
    assert result.returncode == 0, result.stderr[-4000:]
    assert {r["view"] for r in reports} == {
        f"{c.view.space}:{c.view.external_id}/{c.view.version}"
        for c in _ir(fixture.model_file).classes
    }
    for report in reports:
        if not {"upsert", "retrieve", "delete"} <= set(report["exercised"]):
            assert report["notes"], f"{report['view']} was not written and says not why"
    exercised = {check for report in reports for check in report["exercised"]}
    assert "upsert" in exercised
    if fixture.name == "example":
        assert exercised == {
            "upsert",
            "retrieve",
            "list by externalIdPrefix",
            "list by a generated filter option",
            "follow a direct relation",
            "follow an edge",
            "delete",
        }
