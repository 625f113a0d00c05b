"""The framework contract: what a framework plugin writes, and what socialvalue does around it.

A **framework** turns one or more kinds of document (an impact map, a tender, an assessment,
a survey) into a result. Frameworks are plugins in the ``socialvalue.frameworks`` entry-point
group; the built-ins register exactly as a third-party package does, and get nothing a plugin
cannot have. A framework subclasses :class:`Framework` and writes:

* ``id``, ``name``, ``version``, ``description`` and ``document_kinds``;
* ``options_class``: a frozen attrs subclass of :class:`Options` (its typed options);
* ``run(document, options, context)``: validate the document and compute the result (a
  :class:`~socialvalue.results.base.BaseResult` with a provenance record).

:meth:`Framework.evaluate` is written once, here: it accepts a document mapping (or a model
object the framework knows, e.g. an ``Activity``), checks it is a mapping of one of the
framework's kinds, builds the typed options (an unknown option is refused the same way
everywhere, with a suggestion), builds the :class:`Context` (base folder, proxy datasets,
limits, the one safe way to open a file a document names), runs the framework, names the
document in any error, and refuses a result holding a figure that is not finite. A framework
may also add command-line arguments (``add_cli_arguments`` / ``cli_options``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import attrs

from socialvalue.errors import SocialValueError, UnknownNameError, ValidationError
from socialvalue.results.base import BaseResult, check_finite
from socialvalue.results.provenance import Provenance, canonical_json, document_hash
from socialvalue.results.record import record

if TYPE_CHECKING:  # pragma: no cover
    import argparse

    from socialvalue.config import Limits

__all__ = [
    "BaseResult",
    "Context",
    "Framework",
    "NoOptions",
    "Options",
    "Provenance",
    "canonical_json",
    "check_finite",
    "document_hash",
    "option",
    "record",
]

R = TypeVar("R", bound=BaseResult)
O = TypeVar("O", bound="Options")

GENERIC_OPTIONS = ("base_dir", "datasets")
"""Options every framework takes, which go to the :class:`Context`: where relative paths are taken
from, and extra proxy datasets (added in front of the installed ones, in every framework)."""


def option(default: Any = None, *, read: Any = None, record: bool = True, doc: str = "") -> Any:
    """A field of an :class:`Options` class: its default, how a given value is read and checked
    (``read(value, name)``, e.g. one of :mod:`socialvalue.validation`'s functions), whether it is
    recorded in the result's provenance (so ``verify`` re-runs with it), and what it means."""
    return attrs.field(default=default, metadata={"read": read, "record": record, "doc": doc})


@attrs.frozen
class Options:
    """Typed evaluation options. Subclasses are frozen attrs classes whose fields use :func:`option`."""

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(a.name for a in attrs.fields(cls))

    @classmethod
    def build(cls: type[O], raw: Mapping[str, Any] | Options | None = None) -> O:
        """The options from a mapping (an API call, a CLI, a recorded result): unknown names are
        refused with a suggestion, each value is read by its field's reader; errors name the option
        (``source="options"``), never the document."""
        if isinstance(raw, cls):
            return raw
        if isinstance(raw, Options):
            raise ValidationError(f"expected {cls.__name__}, got {type(raw).__name__}", source="options")
        values = dict(raw or {})
        from socialvalue.suggest import close_matches

        names = cls.names()
        for key in values:
            if key not in names:
                known = (*names, *GENERIC_OPTIONS)
                hits = close_matches(str(key), known)
                raise UnknownNameError(f"unknown option {key!r}", source="options", field=str(key), suggestions=hits,
                                       hint=None if hits else ("options: " + ", ".join(known) if names else
                                                               "this framework takes no options of its own "
                                                               f"(every framework takes {', '.join(GENERIC_OPTIONS)})"))
        kwargs: dict[str, Any] = {}
        try:
            for field in attrs.fields(cls):
                if field.name in values and values[field.name] is not None:
                    reader = field.metadata.get("read")
                    kwargs[field.name] = values[field.name] if reader is None else reader(values[field.name],
                                                                                          field.name)
            built = cls(**kwargs)
            built.check()
        except SocialValueError as exc:
            exc.source = "options"
            raise
        return built

    def check(self) -> None:
        """Checks between options (e.g. Monte Carlo needs a seed); raise a ValidationError naming one."""

    def record(self, context: Context) -> dict[str, Any]:
        """What the result's provenance records of these options (JSON-ready), in a fixed order."""
        return {a.name: getattr(self, a.name) for a in attrs.fields(type(self)) if a.metadata.get("record", True)}

    @classmethod
    def from_record(cls: type[O], recorded: Mapping[str, Any]) -> O:
        """The options a result recorded (``verify``): only recorded options are accepted back."""
        recordable = {a.name for a in attrs.fields(cls) if a.metadata.get("record", True)}
        values = {k: val for k, val in recorded.items() if k != "extra_datasets"}
        cls.build({k: None for k in values})  # a name that is no option at all: refused with a suggestion
        for key in values:
            if key not in recordable:
                raise ValidationError(f"a result does not record the option {key!r}", source="options",
                                      field=str(key), hint="verify a result written by socialvalue with --format json")
        return cls.build(values)


@attrs.frozen
class NoOptions(Options):
    """For frameworks that take no options of their own."""


@attrs.frozen
class Context:
    """What a framework may use besides the document and its options.

    ``base_dir`` is the folder relative paths in the document are taken from; ``datasets``
    the extra proxy datasets the caller gave (used in front of the installed ones); ``limits``
    the safety limits in force; ``source`` the document's file, for messages.
    """

    source: str | None = None
    base_dir: Path | None = None
    datasets: tuple[Any, ...] = ()
    limits: Limits | None = None

    def proxy_datasets(self) -> list[Any]:
        """The extra datasets, then every installed one (the first that has an id wins)."""
        from socialvalue.proxies import installed_datasets

        return [*self.datasets, *installed_datasets()]

    def extra_dataset_ids(self) -> list[str]:
        """Ids of the extra datasets that are not installed ones (recorded so ``verify`` asks for them)."""
        if not self.datasets:
            return []
        from socialvalue.proxies import installed_datasets

        installed = {(ds.id, ds.sha256) for ds in installed_datasets()}
        return [ds.id for ds in self.datasets if (ds.id, ds.sha256) not in installed]

    def path(self, ref: Any, field: str) -> Path:
        """The file a document names in ``field``, by the one path rule (inside the document's folder)."""
        from socialvalue.documents import document_path

        return document_path(ref, self.base_dir, field=field, source=self.source)

    def read(self, ref: Any, field: str) -> tuple[Any, Path]:
        """The document a document names in ``field``, read safely, and its path."""
        from socialvalue.documents import read_document

        path = self.path(ref, field)
        if not path.is_file():
            raise ValidationError(f"file not found: {path}", source=self.source, field=field,
                                  hint="paths are taken from the document's folder")
        return read_document(path), path

    @classmethod
    def make(cls, source: str | None, base_dir: str | os.PathLike[str] | None, datasets: Sequence[Any] | None) -> Context:
        from socialvalue.config import current_limits
        from socialvalue.proxies import ProxyDataset, load_dataset

        loaded = []
        for i, item in enumerate(datasets or ()):
            try:
                loaded.append(item if isinstance(item, ProxyDataset) else load_dataset(item))
            except SocialValueError as exc:
                raise exc.with_context(field_prefix=f"datasets[{i}]") from None
        base = Path(base_dir) if base_dir not in (None, "") else (Path(source).parent if source else None)
        return cls(source=source, base_dir=base, datasets=tuple(loaded), limits=current_limits())


class Framework(Generic[O, R]):
    """The base class of every framework plugin (see the module docstring)."""

    id: ClassVar[str] = ""
    name: ClassVar[str] = ""
    version: ClassVar[str] = ""
    description: ClassVar[str] = ""
    document_kinds: ClassVar[tuple[str, ...]] = ()
    options_class: ClassVar[type[Options]] = NoOptions
    model_types: ClassVar[tuple[type, ...]] = ()
    """Model classes :meth:`evaluate` also accepts (turned into a document by :meth:`document_from`)."""

    def __repr__(self) -> str:
        return f"<Framework {self.id!r} v{self.version}: {self.name}>"

    # -- what a framework writes ---------------------------------------------------------------

    def run(self, document: Mapping[str, Any], options: O, context: Context) -> R:  # pragma: no cover
        raise NotImplementedError(f"framework {self.id!r} does not define run()")

    def document_from(self, obj: Any, options: Mapping[str, Any]) -> Mapping[str, Any]:
        """A document for a model object of :attr:`model_types` (override with the model types)."""
        raise ValidationError(f"the {self.id!r} framework cannot evaluate a {type(obj).__name__}",
                              hint="give a document (a mapping, or a YAML/JSON file)")

    def add_cli_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Add this framework's own command-line arguments (``socialvalue run FILE --…``)."""

    def cli_options(self, args: argparse.Namespace) -> dict[str, Any]:
        """Options from the parsed command-line arguments this framework added."""
        return {}

    def document_schema(self, kind: str) -> dict[str, Any] | None:
        """The JSON Schema of documents of ``kind`` this framework ships, or ``None``."""
        return None

    # -- written once ---------------------------------------------------------------------------

    def evaluate(self, document: Any, *, source: str | None = None, options: Mapping[str, Any] | None = None,
                 context: Context | None = None) -> R:
        """Validate ``document`` and compute its result; errors name ``source`` and the field."""
        raw = dict(options or {})
        generic = {k: raw.pop(k) for k in GENERIC_OPTIONS if k in raw}
        if self.model_types and isinstance(document, self.model_types):
            document = self.document_from(document, raw)
            raw = {k: val for k, val in raw.items() if k in self.options_class.names()}
        self._check_document(document, source)
        opts = self.options_class.build(raw)
        if context is None:
            context = Context.make(source, generic.get("base_dir"), generic.get("datasets"))
        try:
            result = self.run(document, opts, context)
        except SocialValueError as exc:
            raise exc.with_context(source=source) from None
        except OverflowError:  # math.fsum of values beyond float range
            raise ValidationError("the amounts are too large to add up", source=source,
                                  hint="check quantities, amounts and proxies for typos and units") from None
        return check_finite(result, source=source)

    def _check_document(self, document: Any, source: str | None) -> None:
        if not isinstance(document, Mapping):
            raise ValidationError(f"a {self.id} document must be a mapping of 'key: value' lines, got "
                                  f"{type(document).__name__}", source=source,
                                  hint=f"start the file with 'kind: {self.document_kinds[0]}'" if self.document_kinds
                                  else None)
        kind = document.get("kind")
        if kind is not None and kind not in self.document_kinds:
            raise ValidationError(f"the {self.id} framework reads documents of kind "
                                  f"{' or '.join(map(repr, self.document_kinds))}, got {kind!r}", source=source,
                                  field="kind", hint="check the document's kind, or evaluate it with "
                                                     "socialvalue.frameworks.evaluate() to find its framework")

    def options_record(self, options: O, context: Context) -> dict[str, Any]:
        """The provenance record of ``options`` (used by :meth:`run` when it builds the provenance)."""
        return options.record(context)


def describe_contract(obj: Any) -> list[str]:
    """What a framework plugin lacks of the contract (empty when it has everything)."""
    missing = []
    for name in ("id", "name", "version", "description"):
        value = getattr(obj, name, None)
        if not isinstance(value, str) or not value.strip():
            missing.append(f"{name} (non-empty text)")
    kinds = getattr(obj, "document_kinds", None)
    if not (isinstance(kinds, tuple) and kinds and all(isinstance(k, str) and k for k in kinds)):
        missing.append("document_kinds (a non-empty tuple of kind names)")
    options_class = getattr(obj, "options_class", None)
    if not (isinstance(options_class, type) and issubclass(options_class, Options)):
        missing.append("options_class (a subclass of socialvalue.frameworks.Options)")
    for name in ("run", "evaluate"):
        if not callable(getattr(obj, name, None)):
            missing.append(f"{name}()")
    return missing
