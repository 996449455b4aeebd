from wagtail import hooks

from integration.admin_views import webhook_endpoint_viewset


@hooks.register("register_admin_viewset")
def register_webhook_endpoints():
    return webhook_endpoint_viewset
