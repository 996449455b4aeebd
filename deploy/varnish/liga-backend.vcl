# The site-specific part of liga.vcl: edit it where the hub runs, and keep it beside liga.vcl
# (in /etc/varnish/, which is on varnishd's vcl_path).

# The hub's web process (granian); with several, see Varnish's directors vmod.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 5s;
    .first_byte_timeout = 30s;
}

# Hosts allowed to purge besides this one (liga.vcl always allows 127.0.0.1 and ::1): the
# hosts of the hub's web and worker processes, e.g. "10.0.0.0"/24.
acl liga_purgers {
    "127.0.0.1";
}
