# Shell helpers shared by the end-to-end test and the demo: a config for one state
# folder, the portal and the agent started in the background, waiting for a condition.
# Source this file; it defines functions only.

# A free TCP port on loopback.
wk_free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

# wk_write_config DIR PORT [POLL_S]: DIR/wardkiosk.toml from the build's default config,
# with the portal on PORT and quick retries for demos and tests.
wk_write_config() {
  local dir=$1 port=$2 poll=${3:-2}
  sed -e "s|127.0.0.1:8311|127.0.0.1:$port|g" \
      -e "s|^poll_s = .*|poll_s = $poll|" \
      -e "s|^max_backoff_s = .*|max_backoff_s = 2|" \
      -e "s|^connect_s = .*|connect_s = 2|" \
      "$WK_BUILD/assets/wardkiosk.toml" > "$dir/wardkiosk.toml"
  cp "$WK_BUILD/assets/staff-demo.toml" "$dir/staff-demo.toml"  # the demo officer (PIN in its comment)
}

WK_PIDS=()
wk_stop_all() {
  for pid in "${WK_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${WK_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  WK_PIDS=()
}

# wk_wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.2 s.
wk_wait_for() {
  local limit=$1 what=$2
  shift 2
  local end=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $end ]; then echo "timed out after ${limit}s waiting for: $what" >&2; return 1; fi
    sleep 0.2
  done
}

# wk_start_portal DIR: the reference portal for DIR's config, logging to DIR/portal.log.
wk_start_portal() {
  local dir=$1
  "$WK_BUILD/bin/wardkiosk-portal" --config "$dir/wardkiosk.toml" >>"$dir/portal.log" 2>&1 &
  WK_PORTAL_PID=$!
  WK_PIDS+=("$WK_PORTAL_PID")
  wk_wait_for 15 "the portal to answer" curl -fsS "$(wk_portal_url "$dir")/services.json"
}

wk_stop_portal() { kill -TERM "$WK_PORTAL_PID" 2>/dev/null; wait "$WK_PORTAL_PID" 2>/dev/null || true; }

# wk_start_agent DIR: the sync agent as a daemon, logging to DIR/agent.log.
wk_start_agent() {
  local dir=$1
  "$WK_BUILD/bin/wardkiosk-sync" --config "$dir/wardkiosk.toml" >>"$dir/agent.log" 2>&1 &
  WK_AGENT_PID=$!
  WK_PIDS+=("$WK_AGENT_PID")
}

wk_portal_url() { sed -n 's|^url = "\(.*\)"|\1|p' "$1/wardkiosk.toml" | head -n 1; }
wk_api_key() { sed -n 's|^api_key = "\(.*\)"|\1|p' "$1/wardkiosk.toml" | head -n 1; }

# wk_kiosk DIR SCRIPT [ARGS...]: the kiosk running SCRIPT in a real window under Xvfb.
wk_kiosk() {
  local dir=$1 script=$2
  shift 2
  xvfb-run -a -s "-screen 0 1920x1080x24" \
    "$WK_BUILD/bin/wardkiosk" --config "$dir/wardkiosk.toml" --script "$script" "$@"
}

# wk_receipt_code DUMP: the receipt code (no hyphens) a kiosk `dump` of the receipt holds.
wk_receipt_code() { grep -E '^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$' "$1" | head -n 1 | tr -d '-'; }

# wk_db DIR SQL: one value from the kiosk's store.
wk_db() { sqlite3 -cmd ".timeout 5000" "$1/wardkiosk.db" "$2"; }

# wk_officer_update DIR CASE STATUS NOTES AGENCY: what an officer does on the portal.
wk_officer_update() {
  curl -fsS -X POST "$(wk_portal_url "$1")/servicerequestupdates.json" \
    --data-urlencode "api_key=$(wk_api_key "$1")" --data-urlencode "service_request_id=$2" \
    --data-urlencode "status=$3" --data-urlencode "description=$4" \
    --data-urlencode "agency_responsible=$5"
}
