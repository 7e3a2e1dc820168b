#!/bin/sh
# Runs before `azd provision`: generates the cursor key once per environment and keeps it in the
# azd environment (.azure/<env>/.env), so every deployment passes the same value and cursors
# handed out before a redeploy stay valid. Refuses to go on without ALLOWED_ORIGINS.
set -eu

if [ -z "${BLOG_CURSOR_KEY:-}" ]; then
  key=$(openssl rand -base64 48 | tr -d '\n')
  azd env set BLOG_CURSOR_KEY "$key"
  echo "Generated BLOG_CURSOR_KEY for this environment (kept in the azd environment)."
fi

if [ -z "${ALLOWED_ORIGINS:-}" ]; then
  echo "Set the origins allowed to call the API first, for example:" >&2
  echo "  azd env set ALLOWED_ORIGINS https://blog.example.com" >&2
  exit 1
fi
