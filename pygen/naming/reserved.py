"""Words that generated code cannot use as names, per target language.

Hard-coded rather than read from :mod:`keyword` so that output does not depend on the Python
version pygen runs on. Names the pygen runtime itself uses are in :mod:`pygen.naming.runtime`.
"""

from __future__ import annotations

from .stdlib import PYTHON_STDLIB_MODULES

__all__ = [
    "PYTHON_BUILTIN_TYPES",
    "PYTHON_CLIENT_MEMBERS",
    "PYTHON_KEYWORDS",
    "PYTHON_MODULE_NAMES",
    "PYTHON_RESERVED_CLASS_NAMES",
    "PYTHON_RESERVED_MEMBER_NAMES",
    "PYTHON_RESERVED_MODULE_NAMES",
    "PYTHON_RESERVED_PACKAGES",
    "PYTHON_SOFT_KEYWORDS",
    "TYPESCRIPT_API_MEMBERS",
    "TYPESCRIPT_CLIENT_MEMBERS",
    "TYPESCRIPT_GLOBAL_TYPES",
    "TYPESCRIPT_MODULE_NAMES",
    "TYPESCRIPT_RESERVED_CLASS_NAMES",
    "TYPESCRIPT_RESERVED_MEMBER_NAMES",
    "TYPESCRIPT_RESERVED_MODULE_NAMES",
    "TYPESCRIPT_RESERVED_WORDS",
    "TYPESCRIPT_RUNTIME_EXPORTS",
]

PYTHON_KEYWORDS: frozenset[str] = frozenset(
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
        "return", "try", "while", "with", "yield",
    }
)  # fmt: skip
"""The hard keywords of Python 3.10-3.13 (soft keywords such as ``match`` are valid names)."""

PYTHON_BUILTIN_TYPES: frozenset[str] = frozenset(
    {
        "bool", "bytes", "complex", "dict", "float", "frozenset", "int", "list", "object",
        "set", "str", "tuple", "type",
    }
)  # fmt: skip
"""Builtin type names: a field named ``list`` would shadow ``list[...]`` in later annotations."""

PYTHON_ANNOTATION_NAMES: frozenset[str] = frozenset({"date", "datetime"})
"""Lower-case names generated modules import for annotations: a field ``date`` would shadow the
type ``date`` in the annotations after it (the class body is their namespace)."""

PYTHON_RESERVED_MEMBER_NAMES: frozenset[str] = (
    PYTHON_KEYWORDS | PYTHON_BUILTIN_TYPES | PYTHON_ANNOTATION_NAMES
)
"""Field names a Python class cannot use as they are (escaped with a trailing ``_``)."""

PYTHON_RESERVED_CLASS_NAMES: frozenset[str] = PYTHON_KEYWORDS | frozenset(
    {
        # names generated modules import or that builtins define in PascalCase
        "Any", "BaseException", "BaseModel", "ClassVar", "Ellipsis", "Exception", "Field",
        "Iterator", "Literal", "NoReturn", "NotImplemented", "Optional", "Sequence",
        "TypedDict", "Union", "Unpack",
    }
)  # fmt: skip
"""Class names that would shadow a keyword, a builtin or a name generated modules import."""

PYTHON_RESERVED_MODULE_NAMES: frozenset[str] = PYTHON_KEYWORDS | frozenset({"__init__", "__main__"})
"""Module names Python cannot import or that a package already uses."""

TYPESCRIPT_RESERVED_WORDS: frozenset[str] = frozenset(
    {
        # ECMAScript reserved words, strict-mode reserved words and TypeScript's type keywords
        "any", "arguments", "as", "async", "await", "bigint", "boolean", "break", "case",
        "catch", "class", "const", "constructor", "continue", "debugger", "declare", "default",
        "delete", "do", "else", "enum", "eval", "export", "extends", "false", "finally", "for",
        "from", "function", "get", "if", "implements", "import", "in", "infer", "instanceof",
        "interface", "is", "keyof", "let", "module", "namespace", "never", "new", "null",
        "number", "object", "of", "package", "private", "protected", "public", "readonly",
        "require", "return", "set", "static", "string", "super", "switch", "symbol", "this",
        "throw", "true", "try", "type", "typeof", "undefined", "unique", "unknown", "var",
        "void", "while", "with", "yield",
    }
)  # fmt: skip
"""Words a TypeScript declaration cannot be named (member names may use them)."""

TYPESCRIPT_GLOBAL_TYPES: frozenset[str] = frozenset(
    {
        "Array", "ArrayBuffer", "BigInt", "Boolean", "DataView", "Date", "Error", "Function",
        "Intl", "Iterable", "Iterator", "JSON", "Map", "Math", "NonNullable", "Number", "Object",
        "Omit", "Partial", "Pick", "Promise", "Proxy", "Readonly", "Record", "Reflect", "RegExp",
        "Required", "ReturnType", "Set", "String", "Symbol", "WeakMap", "WeakSet",
    }
)  # fmt: skip
"""Global types a generated declaration would shadow in its module."""

TYPESCRIPT_RESERVED_CLASS_NAMES: frozenset[str] = (
    TYPESCRIPT_RESERVED_WORDS | TYPESCRIPT_GLOBAL_TYPES
)
"""Type and class names TypeScript output cannot declare as they are."""

TYPESCRIPT_RESERVED_MEMBER_NAMES: frozenset[str] = frozenset({"constructor", "__proto__"})
"""Member names TypeScript objects cannot use safely (keywords are fine as member names)."""

TYPESCRIPT_RESERVED_MODULE_NAMES: frozenset[str] = frozenset({"index"})
"""Module (file) names the generated package uses itself."""

PYTHON_SOFT_KEYWORDS: frozenset[str] = frozenset({"_", "case", "match", "type"})
"""Soft keywords: valid names, but not as a package a user types ``import match`` for."""

PYTHON_MODULE_NAMES: frozenset[str] = frozenset(
    {
        # what generated modules import (typing, pydantic, the runtime, the client)
        "annotations", "Any", "DEFAULT_LIMIT", "Edge", "EdgeSpec", "EdgeWrite", "Field",
        "Filter", "InstanceAPI", "InstanceClient", "InstanceId", "InstanceList",
        "InstanceResult", "InstanceWrite", "Iterator", "JsonValue", "Literal", "NoReturn",
        "Node", "NodeWrite", "OneOrMany", "PygenClient", "ReverseSpec", "Sequence", "SortArg",
        "SyncBatch", "TYPE_CHECKING", "TypedDict", "Unpack", "UpsertMode", "ViewRef", "and_",
        "LazyAPIs", "lazy_exports",
        "check_filter_arguments", "date", "datetime", "node_prop",
        # the query classes' bases and type variables
        "QueryBuilder", "Self", "Sort", "TList", "TRoot", "TUp",
        # builtins generated code refers to, and the module attributes it defines
        "bool", "classmethod", "float", "int", "list", "property", "str", "super",
        "__all__", "__model_version__", "__model_versions__", "__pygen_version__",
        "__runtime_versions__", "require_runtime",
        "__getattr__", "__dir__", "__pygen_links__",
    }
) | PYTHON_KEYWORDS  # fmt: skip
"""Module-level names of generated Python modules that no generated name may take."""

PYTHON_API_MEMBERS: frozenset[str] = frozenset(
    {
        "_client", "_view", "_read_class", "_list_class", "_edge_spec", "aggregate", "count",
        "delete", "histogram", "iterate", "list", "pages", "query", "retrieve", "search",
        "sync", "upsert",
    }
)  # fmt: skip
"""A generated view API's own attributes and methods (``InstanceAPI``'s and the generated ones)."""

PYTHON_QUERY_MEMBERS: frozenset[str] = frozenset(
    {
        "_api", "_tree", "_path", "_guards", "_above", "_here", "_with", "_moved", "_filtered",
        "_hop", "_hop_info", "_where_am_i", "count", "edge_filter", "execute", "filter",
        "guard", "limit", "list", "pages", "rows", "select", "sort", "to_list", "to_pandas",
        "up", "where",
    }
)  # fmt: skip
"""A generated query class's own attributes and methods (``QueryBuilder``'s): a relation's hop
may not take them, so a relation named ``limit`` or ``filter`` gets a number (``limit_2``)."""

PYTHON_CLIENT_MEMBERS: frozenset[str] = frozenset(
    {"_apis", "_client", "_instances", "delete", "from_environment", "upsert"}
)
"""The generated client's own attributes and methods (its view attributes may not take them)."""

PYTHON_RESERVED_PACKAGES: frozenset[str] = (
    PYTHON_KEYWORDS
    | PYTHON_SOFT_KEYWORDS
    | PYTHON_STDLIB_MODULES
    | frozenset(
        {
            # the SDK's imports and the distributions they bring
            "annotated_types", "httpx", "pydantic", "pydantic_core", "pygen", "typing_extensions",
            # what an SDK's users import next to it
            "numpy", "pandas",
        }
    )
)  # fmt: skip
"""Package names that would shadow a module the generated SDK or its users import."""

TYPESCRIPT_RUNTIME_EXPORTS: frozenset[str] = frozenset(
    {
        "API_ITEM_LIMIT", "API_VERSION", "Aggregate", "AggregateOptions", "ApiErrorDetails",
        "AuthenticationError", "Bucket", "ClientCredentials",
        "DEFAULT_MAX_DEPTH", "DEFAULT_MAX_INSTANCES", "DEFAULT_MAX_RESULT_SETS", "ExpandArg",
        "ExpandLimitError", "ExpandOptions", "Expandable", "ExpandedEdge", "MAX_RELATED_IDS",
        "RelationFilter", "SET_LIMIT", "asWrite", "edgeMatching", "isExpanded", "isFilter",
        "resolveRelated", "reverseMatching", "BareId", "withInstanceSpace",
        "ClientCredentialsOptions", "ConnectionFailedError", "CredentialProvider",
        "DEFAULT_GZIP_THRESHOLD", "DEFAULT_LIMIT", "DateString", "EncodedBody",
        "encodeJsonBody", "TokenBucket", "EDGE_ID_MAX_LENGTH", "ERROR_BRAND", "QueryBuilder",
        "REDACTED", "ResponseTooLargeError", "SECRET_KEYS", "redactText", "EdgeInstance", "EdgeSpec", "EdgeWrite", "FailedBatch", "Filter",
        "FilterValue", "GroupedValue", "HttpClient", "HttpClientOptions", "IdLike",
        "InstanceAPI", "InstanceBase", "InstanceClient", "InstanceClientOptions", "InstanceId",
        "InstanceOperationError", "InstanceReadAPI", "InstanceResult", "IterateOptions",
        "JsonValue", "ListOptions", "NetworkError", "NodeInstance", "NodeWrite", "PAGE_LIMIT",
        "Page", "Prop", "PropertyName", "PropertySpec", "PropertyType", "PygenApiError",
        "PygenError", "RETRY_STATUSES", "RangeBounds", "RateLimitError", "RequestTimeoutError",
        "RetrieveOptions", "ReverseSpec", "SearchOptions", "Semaphore", "Sort", "SortArg",
        "SortableInstanceField",
        "SortKey", "SYNC_LIMIT", "SyncBatch", "SyncCursorExpiredError", "SyncOptions",
        "SyncRequest", "syncBatches", "TokenAuth", "UpsertMode", "UpsertOptions", "ViewRef", "ViewReference",
        "ViewSpec", "ViewAPIClass", "ViewAPIs", "ViewTable", "defineViewAPIs", "viewSpecs",
        "WireInstance", "WireWrite", "and", "collect", "edgeExternalId",
        "emptyResult", "formatDate", "formatTimestamp", "hasData", "instanceId",
        "instanceReferences", "isEdgeWrite", "isInstanceIdLike", "isNodeWrite", "matchAll",
        "mergeResult", "nodeProp", "not", "or", "overlaps", "parseRetryAfter", "parseSort",
        "parseTimestamp", "readInstance", "toInstanceId", "toWire", "viewProp",
        "writeProperties",
    }
)  # fmt: skip
"""What ``pygen/runtime/typescript/index.ts`` exports: generated modules import these, and the
SDK's ``index.ts`` re-exports them all (``export *``), so no generated name may take one
(a test compares this set with the runtime's ``index.ts``)."""

TYPESCRIPT_MODULE_NAMES: frozenset[str] = (
    TYPESCRIPT_RESERVED_WORDS
    | TYPESCRIPT_GLOBAL_TYPES
    | TYPESCRIPT_RUNTIME_EXPORTS
    | frozenset({"VIEWS", "APIS", "PYGEN_VERSION", "MODEL_VERSION"})
)
"""Module-level names of generated TypeScript modules that no generated name may take: reserved
words, global types, the runtime's exports, and the constants ``index.ts`` and ``client.ts`` define."""

TYPESCRIPT_API_MEMBERS: frozenset[str] = frozenset(
    {
        "aggregate", "client", "constructor", "count", "delete", "edges", "filterOf",
        "histogram", "iterate", "list", "pages", "propertyId", "query", "retrieve", "search",
        "spec", "sync", "upsert",
    }
)  # fmt: skip
"""A generated TypeScript view API's own members (``InstanceReadAPI``'s and ``InstanceAPI``'s)."""

TYPESCRIPT_CLIENT_MEMBERS: frozenset[str] = frozenset(
    {"constructor", "upsert", "delete", "instances"}
)
"""The generated TypeScript client's own members."""

PYTHON_FILTER_PARAMETERS: frozenset[str] = frozenset(
    {
        "self", "filter", "sort", "limit", "expand", "chunk_size", "cursor",
        "accept_missed_deletes", "query", "properties", "operator", "value",
    }
)  # fmt: skip
"""The parameters a generated Python API's methods take besides the filter arguments (a typed
``**filters`` may not repeat them): a filter argument named like one gets a number
(``limit_2``)."""

TYPESCRIPT_FILTER_OPTIONS: frozenset[str] = frozenset(
    {
        # the options the runtime's methods take besides the filters (ListOptions,
        # IterateOptions, SearchOptions, AggregateOptions), and the catch-all ``filter``
        "sort", "limit", "chunkSize", "expand", "cursor", "properties",
        "operator", "property", "query", "searchProperties", "groupBy", "interval",
        "filter", "acceptMissedDeletes", "startNode", "endNode",
    }
)  # fmt: skip
"""The options a generated TypeScript API's methods take besides the filter options: a filter
option named like one gets a number (``limit2``)."""
