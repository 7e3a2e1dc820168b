#!/bin/sh
# Runs before azd deploys the service web (a service hook, so from web/): stages the site in
# web/dist (git-ignored; the folder azd uploads, `dist` in azure.yaml) with a config.js whose
# apiBase is the deployed API (API_BASE_URL, an output of infra/main.bicep). web/config.js, the
# file in the repository, is left as it is. By hand: API_BASE_URL=<url> sh infra/hooks/web-predeploy.sh
# [folder], the folder defaulting to web/dist.
set -eu

: "${API_BASE_URL:?}"

root=$(CDPATH='' cd -- "$(dirname -- "$0")/../.." && pwd -P)
src="$root/web"
out="${1:-$src/dist}"

# The URL lands in a JavaScript string: an http(s) URL, without quotes, backslashes or blanks.
api=${API_BASE_URL%/}
case "$api" in
  http://?*|https://?*) ;;
  *) echo "API_BASE_URL is not an http(s) URL: $api" >&2; exit 1 ;;
esac
case "$api" in
  *[!A-Za-z0-9._~:/?#@\$\&*+,\;=%-]*) echo "API_BASE_URL has a character not allowed here: $api" >&2; exit 1 ;;
esac

mkdir -p "$out"
out=$(CDPATH='' cd -- "$out" && pwd -P)
if [ "$out" = "$src" ] || [ "$out" = "$root" ] || [ "$out" = / ]; then
  echo "Refusing to stage the site into $out." >&2
  exit 1
fi

# A fresh copy of web/ (the staging folder itself excepted), then config.js with the API's URL.
find "$out" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
for entry in "$src"/* "$src"/.[!.]*; do
  if [ ! -e "$entry" ] || [ "$entry" = "$out" ]; then
    continue
  fi
  cp -R "$entry" "$out/"
done

escaped=$(printf '%s' "$api" | sed 's/[&|\\]/\\&/g')
sed "s|apiBase:[[:space:]]*'[^']*'|apiBase: '$escaped'|" "$src/config.js" > "$out/config.js"
if ! grep -qF "apiBase: '$api'" "$out/config.js"; then
  echo "web/config.js has no line apiBase: '...' to replace." >&2
  exit 1
fi
echo "Staged web/ in $out with apiBase $api."
