# Varnish 7.1 in front of the LIGA content hub (Debian: apt-get install varnish varnish-modules).
#
# Caches what the hub marks public under /api/v1/, /embed/v1/ and /feeds/, for as long as its
# Cache-Control says, and drops responses by their surrogate keys when content changes: the hub
# sends one `PURGE /` with `xkey-purge: <keys separated by spaces>` per change (ops/cdn.py),
# and every response names its keys in `Surrogate-Key` (frontend_api/surrogate.py).
#
# Install: copy this file and liga-backend.vcl (the hub's address, who may purge) to
# /etc/varnish/, then
#   varnishd -a :6081 -f /etc/varnish/liga.vcl -s malloc,256m
# and give the hub's web and worker processes FRONTEND_CACHE_VARNISH_URL=http://HOST:6081.
# liga-backend.vcl is found through varnishd's vcl_path (/etc/varnish first); a test puts
# its own first (-p vcl_path=DIR:…) and runs this file as it is.

vcl 4.1;

import std;
import xkey;

# backend default (the hub) and acl liga_purgers (who may purge, besides this host).
include "liga-backend.vcl";

acl liga_localhost {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ liga_localhost && client.ip !~ liga_purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Missing xkey-purge header"));
        }
        # A hard purge: the objects are gone and the next request is answered by the hub. (A
        # soft purge would keep handing them out in grace while refetching.)
        set req.http.xkey-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Only the content for member sites is cached; the admin, documents (whose privacy the hub
    # checks per request), the pages and the API docs ("served without any CDN") are not.
    if (req.url !~ "^/(api/v1|embed/v1|feeds)/" || req.url ~ "^/api/v1/(docs|schema)/") {
        return (pass);
    }
    # A session (an editor) or an API key: answered by the hub, never shared.
    if (req.http.Authorization || req.http.Cookie) {
        return (pass);
    }
    # The language of these answers is the `locale` parameter, never the browser's, so one
    # copy serves every visitor (the hub's responses say Vary: Accept-Language).
    unset req.http.Accept-Language;
    # Parameters in any order are the same request (the hub's own cache sorts them too).
    set req.url = std.querysort(req.url);
    return (hash);
}

sub vcl_backend_response {
    # The xkey vmod indexes the keys of the `xkey` header; the hub names them in Surrogate-Key.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    # Only what the hub marks public is kept: errors (a 404 may be a page a minute later, and
    # no key names it), previews (private) and anything setting a cookie are not.
    if (beresp.status != 200 || beresp.http.Set-Cookie ||
        beresp.http.Cache-Control !~ "(^|[,\s])public($|[,\s])") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The hub's max-age ends when the next page expires; serving a copy past it (grace) would
    # show an expired page.
    set beresp.grace = 0s;
    if (beresp.http.Content-Type ~ "json|html|xml|javascript") {
        set beresp.do_gzip = true;
    }
    # The builtin VCL then takes the TTL from Cache-Control (max-age).
}

sub vcl_deliver {
    # The internal copy for the vmod. Surrogate-Key and Cache-Tag stay: a CDN in front of this
    # Varnish (Cloudflare reads and strips Cache-Tag) needs them, and they name nothing secret.
    unset resp.http.xkey;
}

sub vcl_synth {
    if (req.method == "PURGE" && req.http.xkey-purged) {
        # How many objects were dropped (the hub logs it).
        set resp.http.xkey-purged = req.http.xkey-purged;
    }
}
