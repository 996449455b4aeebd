from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def enqueue_missing_renditions(sender, **kwargs) -> None:
    """A starting worker looks for images without their renditions (core.tasks)."""
    from core.tasks import make_missing_renditions

    make_missing_renditions.enqueue()


class CoreConfig(AppConfig):
    """Shared building blocks: image and document models, rich-text rules, PDF inspection."""

    name = "core"
    verbose_name = _("Media and shared content rules")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_save
        from PIL import Image
        from wagtail.images import get_image_model

        from core import image_headers
        from core.renditions import enqueue_renditions
        from ops.signals import worker_started

        post_save.connect(enqueue_renditions, sender=get_image_model())
        worker_started.connect(enqueue_missing_renditions, dispatch_uid="core_missing_renditions")
        image_headers.register()

        # Pillow refuses to decode anything over twice this many pixels, so a bomb above the
        # upload limit is stopped before it is decoded, not after.
        max_pixels = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None)
        if max_pixels:
            Image.MAX_IMAGE_PIXELS = max_pixels // 2
