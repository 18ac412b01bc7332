from accounts.models.activation import ActivationCode
from accounts.models.organisations import DutyStation, Organisation
from accounts.models.registration import RegistrationRequest, RegistrationSettings
from accounts.models.roles import RoleAssignment
from accounts.models.users import User

__all__ = [
    "ActivationCode",
    "DutyStation",
    "Organisation",
    "RegistrationRequest",
    "RegistrationSettings",
    "RoleAssignment",
    "User",
]
