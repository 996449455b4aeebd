"""Settings of the content API: DRF, its OpenAPI schema and docs, and CORS."""

# The content API is public and read-only: any origin may read it, without credentials.
REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "frontend_api.errors.api_exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "frontend_api.schema.ContentAPISchema",
}

# The OpenAPI 3 schema (``/api/v1/schema/``) and the docs (``/api/v1/docs/``), generated from
# the code by drf-spectacular; Swagger UI is served from our own static files, never a CDN.
SPECTACULAR_SETTINGS = {
    "TITLE": "LIGA content API",
    "VERSION": "1.0.0",
    "DESCRIPTION": """\
Read-only JSON API of the LIGA der Freien Wohlfahrtspflege in Sachsen: topics, position
papers, contact people and member organisations, for the member associations' own websites.

**Anonymous and read-only.** No authentication; only `GET` (and `HEAD`, `OPTIONS`) are
allowed, any other method answers 405. Any origin may read the API (CORS, no credentials).
JSON is UTF-8 with non-ASCII characters unescaped.

**Keys and rate limits.** Reading needs no key. A member organisation's key
(`Authorization: Bearer liga_…`) raises the quota from `120/min` per IP address to `1200/min`
per key. Every answer carries `RateLimit-Policy: "anon";q=120;w=60` and
`RateLimit: "anon";r=<left>;t=<seconds to reset>` (policy `key` with a key); a spent quota
answers 429 with `Retry-After`, an unknown or revoked key 401 (both problems, on any path).

**Locales.** Every endpoint takes `locale`, the language of the content (`GET locales/` lists
them; default: `de`, the site's default language). Content that is not translated into the
requested locale is not shown; `translations` link to the other languages of an item.

**Paging.** Lists take `limit` (1–100, default 20) and `offset` (default 0) and answer
`{"count", "next", "previous", "results"}`; `next` and `previous` are absolute URLs or `null`.
The order of a list is stable.

**Errors.** Errors answer an RFC 9457 problem (`application/problem+json`) with `type`,
`title`, `status`, `detail` and, for bad input, `errors` as `{parameter: [message]}`.
Unknown parameters, repeated single-value parameters, bad values, an unknown locale or a
`limit` over 100 answer 400; a missing object or an unknown path under `/api/v1/` answers 404.

**Visibility.** Only live, public, non-expired pages in the requested locale are served:
never drafts, unpublished, scheduled, expired or private (password, login or group
restricted) content, whether as an item, in a list, in search, as a related item, in
`translations` or as a rich-text link target. Images and documents in private collections
are never shown.

**URLs.** All URLs in responses are absolute; rich text is HTML whose internal links point
to public page URLs and whose document links point to download URLs.
""",
    # 3.1: a nullable object is `oneOf: [{$ref}, {type: null}]`, which validators and
    # generators read alike (3.0's `nullable` beside an `allOf` is ambiguous).
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["frontend_api.schema.only_api_endpoints"],
    # Choices are their own labels: "* `statement` - statement" would only repeat them.
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No request leaves the page: no online validator badge.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# Member sites' scripts may read their quota (access.middleware) and when to retry.
CORS_EXPOSE_HEADERS = ["RateLimit", "RateLimit-Policy", "Retry-After"]
