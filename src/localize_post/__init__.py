"""localize-post: localize blog posts through gettext catalogs.

``pretranslate`` is imported from its module, ``localize_post.pretranslate``: exported here it
would hide that module behind the function of the same name.
"""

from .checks import check_project
from .document import Document, Location, Segment, SegmentKind
from .errors import CatalogError, ConfigError, LocalizePostError, SourceError, TemplateError
from .importing import ImportReport, import_translation
from .locales import Language, parse_language
from .locking import project_lock
from .pretranslate import PretranslateInterrupted, PretranslateReport
from .problems import Problem, Severity
from .progress import Progress, ProgressCallback
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
    "ImportReport",
    "Language",
    "LocalizePostError",
    "Location",
    "PretranslateInterrupted",
    "PretranslateReport",
    "Problem",
    "Progress",
    "ProgressCallback",
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
    "import_translation",
    "load_project",
    "parse_language",
    "project_lock",
    "project_stats",
    "update",
]
