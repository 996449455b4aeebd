vcl 4.1;
import xkey;
backend default { .host = "127.0.0.1"; .port = "8000"; }
sub vcl_recv {
  if (req.method == "PURGE") { set req.http.n-gone = xkey.purge(req.http.xkey-purge); return (synth(200, "Purged " + req.http.n-gone)); }
  if (req.url ~ "^/(api/v1|embed/v1|feeds)/") { unset req.http.Cookie; return (hash); }
  return (pass);
}
sub vcl_backend_response { if (beresp.http.Surrogate-Key) { set beresp.http.xkey = beresp.http.Surrogate-Key; } }
