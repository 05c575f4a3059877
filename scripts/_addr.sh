# The address the quick start serves on, from ECTALENT_ADDR ("HOST:PORT", "PORT" or unset: 127.0.0.1:8000).
# Sourced by start.sh: runserver gets ECTALENT_SERVE_ADDR and the banner prints ECTALENT_SERVE_URL, so the two agree.
ECTALENT_SERVE_ADDR="${ECTALENT_ADDR:-127.0.0.1:8000}"
case "$ECTALENT_SERVE_ADDR" in
  *:*) ;;                                                     # host:port, [v6]:port
  *[!0-9]*) ECTALENT_SERVE_ADDR="$ECTALENT_SERVE_ADDR:8000" ;;  # a host name alone
  *) ECTALENT_SERVE_ADDR="127.0.0.1:$ECTALENT_SERVE_ADDR" ;;   # a port alone
esac
ECTALENT_SERVE_URL="http://$ECTALENT_SERVE_ADDR/"
case "$ECTALENT_SERVE_ADDR" in
  0.0.0.0:*) ECTALENT_SERVE_URL="$ECTALENT_SERVE_URL （所有网络接口 / all interfaces: http://127.0.0.1:${ECTALENT_SERVE_ADDR#0.0.0.0:}/ on this machine）" ;;
esac
