from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINCE_STAFF = "province_staff", _("Provincial Department of Home Affairs staff")
    ORGANISER = "organiser", _("Administrative Reform Department")
    TECHNICIAN = "technician", _("Information Centre")
    ADMIN = "admin", _("Administrator")


# The Django group that carries each role's permissions.
ROLE_GROUPS = {
    Role.PROVINCE_STAFF: "Sở Nội vụ",
    Role.ORGANISER: "Vụ CCHC",
    Role.TECHNICIAN: "Trung tâm Thông tin",
    Role.ADMIN: "Quản trị",
}

# The code of the organisers' unit (tasks.OrganisationalUnit): its members get the
# organisers' e-mails as the organiser accounts do.
ORGANISER_UNIT_CODE = "vu-cchc"
# Whom the organisers' e-mails are addressed to ("Kính gửi: Vụ Cải cách hành chính").
ORGANISER_UNIT_NAME = "Vụ Cải cách hành chính"
