#!/usr/bin/env bash
# curl against a running Grove, with its token read from the data dir.
#
#   scripts/grove-curl.sh [curl args] PATH      (PATH may also come among the curl args)
#
#   scripts/grove-curl.sh /api/projects
#   scripts/grove-curl.sh -X POST /api/worktrees/$WT/sessions -d '{"name":"x"}'
#   scripts/grove-curl.sh -X PATCH /api/sessions/$SESSION -d '{"execution_mode":"build"}'
#
# GROVE_DATA_DIR  where Grove keeps its data (default: the app's own folder, as the server uses)
# GROVE_URL       where Grove listens (default: http://127.0.0.1:3456)
#
# The token goes to curl through a file descriptor, never on its command line, so other users
# cannot read it with `ps`. Requests are JSON unless a Content-Type header is given.
set -euo pipefail

usage() {
  echo "usage: ${0##*/} [curl args] PATH   (for example: ${0##*/} /api/projects)" >&2
  exit 2
}

default_data_dir() {
  case "$(uname -s)" in
    Darwin) echo "$HOME/Library/Application Support/Grove" ;;
    MINGW* | MSYS* | CYGWIN*) echo "${APPDATA:-$HOME/AppData/Roaming}/Grove" ;;
    *) echo "${XDG_CONFIG_HOME:-$HOME/.config}/Grove" ;;
  esac
}

# PATH is the first argument under /api (it may sit among the curl args, before -d), else the last.
path=""
curl_args=()
for arg in "$@"; do
  if [ -z "$path" ] && [[ "$arg" =~ ^/api([/?]|$) ]]; then path="$arg"; else curl_args+=("$arg"); fi
done
if [ -z "$path" ] && [ $# -ge 1 ] && [[ "${!#}" == /* ]]; then
  path="${!#}"
  curl_args=("${@:1:$#-1}")
fi
[ -n "$path" ] || usage

data_dir="${GROVE_DATA_DIR:-$(default_data_dir)}"
token_file="$data_dir/token"
if [ ! -r "$token_file" ]; then
  echo "${0##*/}: no token at $token_file; start Grove once, or set GROVE_DATA_DIR." >&2
  exit 1
fi
token="$(tr -d '[:space:]' <"$token_file")"

content_type=(-H 'Content-Type: application/json')
for arg in "${curl_args[@]+"${curl_args[@]}"}"; do
  if [[ "$arg" =~ ^[Cc][Oo][Nn][Tt][Ee][Nn][Tt]-[Tt][Yy][Pp][Ee]: ]]; then content_type=(); fi
done

base_url="${GROVE_URL:-http://127.0.0.1:3456}"
exec curl --silent --show-error \
  -H @<(printf 'Authorization: Bearer %s\n' "$token") \
  "${content_type[@]+"${content_type[@]}"}" \
  "${curl_args[@]+"${curl_args[@]}"}" \
  "${base_url%/}$path"
