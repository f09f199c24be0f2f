"""localize-post: localize blog posts through gettext catalogs."""

from .checks import Problem, Severity, check_project
from .document import Document, Location, Segment, SegmentKind
from .errors import CatalogError, ConfigError, LocalizePostError, SourceError, TemplateError
from .project import Project, extract, load_project, update
from .site import BuildReport, build
from .stats import CatalogStats, project_stats

__version__ = "0.1.0"

__all__ = [
    "BuildReport",
    "CatalogError",
    "CatalogStats",
    "ConfigError",
    "Document",
    "LocalizePostError",
    "Location",
    "Problem",
    "Project",
    "Segment",
    "SegmentKind",
    "Severity",
    "SourceError",
    "TemplateError",
    "__version__",
    "build",
    "check_project",
    "extract",
    "load_project",
    "project_stats",
    "update",
]
