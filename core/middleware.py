"""Response fixes for Wagtail's document downloads."""


class NoEncodingNoneMiddleware:
    """Wagtail's sendfile (``wagtail.utils.sendfile``, used for documents on local storage)
    sets ``Content-Encoding`` to the guessed encoding of the file name, which for a PDF is
    ``None``, and Django writes that as the text "None": clients may then try to decode the
    PDF with an encoding called "None". A download without an encoding has no such header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Encoding") == "None":
            del response["Content-Encoding"]
        return response
