"""The catalogue of validation issue codes.

Codes are stable: a code, once released, keeps its meaning; retired codes are not reused.
Every code is documented in ``docs/validation.md`` (a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass

from .issues import Severity, ValidationIssue

__all__ = ["CODES", "IssueCode", "issue"]


@dataclass(frozen=True, slots=True, kw_only=True)
class IssueCode:
    """One kind of issue.

    Attributes:
        code: ``PYG`` and three digits.
        severity: The severity every issue with this code has.
        title: A short description of the problem.
        effect: What validation and generation do about it.
        can_auto_fix: Whether pygen repairs or works around it (see
            :attr:`ValidationIssue.can_auto_fix`).
    """

    code: str
    severity: Severity
    title: str
    effect: str
    can_auto_fix: bool


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

_CATALOGUE = (
    # 00x: reading the model
    IssueCode(
        code="PYG000",
        severity=_E,
        title="internal error in a validation rule",
        effect="the rule is skipped; please report this as a pygen bug",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG001",
        severity=_E,
        title="the document is not a data model",
        effect="nothing can be generated (no filtered model)",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG002",
        severity=_E,
        title="a view cannot be read",
        effect="the view is left out",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG003",
        severity=_E,
        title="a property cannot be read (missing keys, unknown type ...)",
        effect="the property is left out",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG004",
        severity=_I,
        title="unknown key",
        effect="the key is ignored",
        can_auto_fix=True,
    ),
    # 01x: views
    IssueCode(
        code="PYG010",
        severity=_W,
        title="the same view (space, externalId, version) appears more than once",
        effect="the first copy is kept, later copies are left out",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG011",
        severity=_W,
        title="a view is listed by reference only, without its definition",
        effect="no class is generated for it; relations to it lose their target type",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG012",
        severity=_I,
        title="a view has no properties",
        effect="its class has only the identity fields",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG013",
        severity=_I,
        title="an edge view (usedFor: edge)",
        effect="it is generated as an edge class; its properties are edge properties",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG014",
        severity=_W,
        title="a view used for records (usedFor: record)",
        effect="records are not supported yet; the view is left out",
        can_auto_fix=False,
    ),
    # 02x: inheritance
    IssueCode(
        code="PYG020",
        severity=_E,
        title="circular inheritance (views implement each other)",
        effect="the views on the cycle are left out",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG021",
        severity=_W,
        title="a view implements itself",
        effect="the self-reference is dropped",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG022",
        severity=_W,
        title="an implemented view is not in the model",
        effect="the parent is dropped; the view keeps the inherited properties it lists",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG023",
        severity=_I,
        title="a view does not list properties of a view it implements",
        effect="the properties are inherited when generating",
        can_auto_fix=True,
    ),
    # 03x: relations
    IssueCode(
        code="PYG030",
        severity=_W,
        title="a direct relation points to a view that is not in the model",
        effect="the property is generated as an untyped node reference",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG031",
        severity=_W,
        title="an edge connection points to a view that is not in the model",
        effect="the connection is generated with untyped target nodes",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG032",
        severity=_W,
        title="the edge properties view (edgeSource) of an edge connection is not in the model",
        effect="the connection is generated without edge properties",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG033",
        severity=_W,
        title="the edge properties view (edgeSource) is not used for edges",
        effect="the connection is generated without edge properties",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG034",
        severity=_E,
        title="the `through` property of a reverse relation does not exist",
        effect="the reverse relation is left out",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG035",
        severity=_E,
        title="the `through` property of a reverse relation is not a direct relation",
        effect="the reverse relation is left out",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG036",
        severity=_W,
        title="a reverse relation goes through a view that is not in the model",
        effect="the reverse relation is left out (it cannot be read without that view)",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG037",
        severity=_W,
        title="the `through` relation of a reverse relation points to an unrelated view",
        effect="kept as declared; the reverse relation will likely find nothing",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG038",
        severity=_W,
        title="a relation to nodes targets a view used only for edges",
        effect="the relation is generated with untyped target nodes",
        can_auto_fix=True,
    ),
    # 04x: property types
    IssueCode(
        code="PYG040",
        severity=_E,
        title="an enum property has no values",
        effect="the property is left out",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG041",
        severity=_W,
        title="an enum's unknownValue is not one of its values",
        effect="unknownValue is ignored",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG042",
        severity=_W,
        title="maxListSize is set on a property that is not a list",
        effect="maxListSize is ignored",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG043",
        severity=_W,
        title="maxListSize or maxTextSize is not a positive number",
        effect="the limit is ignored",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG044",
        severity=_W,
        title="a default value does not match the property's type",
        effect="the default value is ignored",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG045",
        severity=_W,
        title="autoIncrement on a property that is not a single int32/int64",
        effect="autoIncrement is ignored",
        can_auto_fix=True,
    ),
    # 05x: names
    IssueCode(
        code="PYG050",
        severity=_I,
        title="a name is not an identifier as it is (2ndValue, max-temp)",
        effect="renamed: separators become word breaks, a leading digit gets a prefix",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG051",
        severity=_I,
        title="a name is reserved in a target language (a keyword; in Python also a builtin type name)",
        effect="a trailing underscore is added in that language",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG052",
        severity=_W,
        title="a name is used by the pygen runtime (space, external_id, version, Instance ...)",
        effect="a trailing underscore is added",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG053",
        severity=_W,
        title="two names clash after conversion to a language's conventions",
        effect="the second name gets a number (my_prop_2, MyView2)",
        can_auto_fix=True,
    ),
    # 06x: derived names
    IssueCode(
        code="PYG060",
        severity=_W,
        title="a derived module-level name (view or connection constant, enum alias, filter "
        "function, client class) is taken by another name of the generated module",
        effect="the second gets a number (HTTP_SERVER_VIEW_2)",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG061",
        severity=_W,
        title="a client attribute is a keyword or is taken by another view's attribute or the "
        "client's own methods",
        effect="a trailing underscore (global_) or a number (http_server_2)",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG062",
        severity=_W,
        title="the model's externalId gives an empty package name or one that shadows a module "
        "the SDK or its users import (class, typing, pygen, pydantic ...)",
        effect="a safe name is used (typing_sdk, data_model)",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG063",
        severity=_W,
        title="a view API's filter argument is taken by a parameter of the API's methods (limit, "
        "sort, filter ...) or by another filter argument (name_prefix of name and the property "
        "name_prefix)",
        effect="the argument allocated second gets a number (limit_2, name_prefix_2; limit2)",
        can_auto_fix=True,
    ),
    # 07x: identifiers and text
    IssueCode(
        code="PYG070",
        severity=_E,
        title="the data model's space, externalId or version is not a valid DMS identifier",
        effect="nothing can be generated (no filtered model)",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG071",
        severity=_E,
        title="a view's space, externalId or version is not a valid DMS identifier",
        effect="the view is left out",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG072",
        severity=_E,
        title="a property identifier is not a valid DMS property identifier",
        effect="the property is left out",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG073",
        severity=_E,
        title="a property refers to an invalid identifier (container, container property, "
        "view, edge type, through property)",
        effect="the property is left out",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG074",
        severity=_E,
        title="an enum value is not a valid enum value identifier",
        effect="the property is left out",
        can_auto_fix=False,
    ),
    # 09x: view selection (include_views / exclude_views)
    IssueCode(
        code="PYG090",
        severity=_I,
        title="views are left out by include_views / exclude_views",
        effect="no class is generated for them; their validation issues are dropped",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG091",
        severity=_I,
        title="a direct relation points to a view left out by the selection",
        effect="the property is generated as an untyped node reference",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG092",
        severity=_I,
        title="an edge connection points to a view left out by the selection",
        effect="the connection is generated with untyped target nodes",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG093",
        severity=_I,
        title="the edge properties view of an edge connection is left out by the selection",
        effect="the connection is generated without edge properties",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG094",
        severity=_I,
        title="a reverse relation goes through or to a view left out by the selection",
        effect="the reverse relation is left out",
        can_auto_fix=False,
    ),
    IssueCode(
        code="PYG095",
        severity=_I,
        title="a view implements a view left out by the selection",
        effect="the parent is dropped; the view keeps the properties it inherited",
        can_auto_fix=True,
    ),
    IssueCode(
        code="PYG096",
        severity=_W,
        title="an include_views / exclude_views pattern matches no view of the model",
        effect="the pattern selects nothing (a typo?)",
        can_auto_fix=False,
    ),
)

CODES: dict[str, IssueCode] = {entry.code: entry for entry in _CATALOGUE}
"""Every issue code, by code."""


def issue(code: str, where: str, message: str, suggestion: str | None = None) -> ValidationIssue:
    """An issue of ``code`` at ``where``; severity and ``can_auto_fix`` come from the catalogue."""
    entry = CODES[code]
    return ValidationIssue(
        code=code,
        severity=entry.severity,
        message=message,
        location=where,
        suggestion=suggestion,
        can_auto_fix=entry.can_auto_fix,
    )
