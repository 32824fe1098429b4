from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin, with the portal's admin site as `admin.site`."""

    default_site = "ntm_portal.admin.PortalAdminSite"
