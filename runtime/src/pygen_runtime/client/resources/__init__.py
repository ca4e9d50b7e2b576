"""One API object per resource: spaces, containers, views, data models, instances."""

from ._ids import ContainerIdLike, DataModelIdLike, InstanceIdLike, SpaceIdLike, ViewIdLike
from .containers import ContainersAPI
from .data_models import DataModelsAPI
from .instances import InstancesAPI
from .spaces import SpacesAPI
from .views import ViewsAPI

__all__ = [
    "ContainerIdLike",
    "ContainersAPI",
    "DataModelIdLike",
    "DataModelsAPI",
    "InstanceIdLike",
    "InstancesAPI",
    "SpaceIdLike",
    "SpacesAPI",
    "ViewIdLike",
    "ViewsAPI",
]
