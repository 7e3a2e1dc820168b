# Runs before `azd provision`: generates the cursor key once per environment and keeps it in the
# azd environment (.azure/<env>/.env), so every deployment passes the same value and cursors
# handed out before a redeploy stay valid. Refuses to go on without ALLOWED_ORIGINS.
$ErrorActionPreference = 'Stop'

if (-not $env:BLOG_CURSOR_KEY) {
    $bytes = [System.Security.Cryptography.RandomNumberGenerator]::GetBytes(48)
    $key = [System.Convert]::ToBase64String($bytes)
    azd env set BLOG_CURSOR_KEY $key
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    Write-Host 'Generated BLOG_CURSOR_KEY for this environment (kept in the azd environment).'
}

if (-not $env:ALLOWED_ORIGINS) {
    Write-Error "Set the origins allowed to call the API first, for example: azd env set ALLOWED_ORIGINS https://blog.example.com"
    exit 1
}
