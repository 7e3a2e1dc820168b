# Runs before azd deploys the service web (a service hook, so from web/): stages the site in
# web/dist (git-ignored; the folder azd uploads, `dist` in azure.yaml) with a config.js whose
# apiBase is the deployed API (API_BASE_URL, an output of infra/main.bicep). web/config.js, the
# file in the repository, is left as it is. By hand: $env:API_BASE_URL = '<url>'; ./infra/hooks/web-predeploy.ps1
# [folder], the folder defaulting to web/dist.
param([string] $Folder = '')
$ErrorActionPreference = 'Stop'

if (-not $env:API_BASE_URL) { throw 'API_BASE_URL is not set; run azd provision first.' }

$root = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).Path
$src = Join-Path $root 'web'
if (-not $Folder) { $Folder = Join-Path $src 'dist' }

# The URL lands in a JavaScript string: an http(s) URL, without quotes, backslashes or blanks.
$api = $env:API_BASE_URL.TrimEnd('/')
if ($api -notmatch '^https?://.') { throw "API_BASE_URL is not an http(s) URL: $api" }
if ($api -notmatch '^[A-Za-z0-9._~:/?#@$&*+,;=%-]+$') { throw "API_BASE_URL has a character not allowed here: $api" }

New-Item -ItemType Directory -Path $Folder -Force | Out-Null
$out = (Resolve-Path $Folder).Path.TrimEnd([IO.Path]::DirectorySeparatorChar)
if ($out -eq $src -or $out -eq $root -or $out -eq [IO.Path]::GetPathRoot($out).TrimEnd([IO.Path]::DirectorySeparatorChar)) {
    throw "Refusing to stage the site into $out."
}

# A fresh copy of web/ (the staging folder itself excepted), then config.js with the API's URL.
Get-ChildItem -LiteralPath $out -Force | Remove-Item -Recurse -Force
Get-ChildItem -LiteralPath $src -Force | Where-Object { $_.FullName -ne $out } |
    ForEach-Object { Copy-Item -LiteralPath $_.FullName -Destination $out -Recurse -Force }

$text = Get-Content -LiteralPath (Join-Path $src 'config.js') -Raw
$pattern = [regex] "apiBase:\s*'[^'\r\n]*'"
if (-not $pattern.IsMatch($text)) { throw "web/config.js has no line apiBase: '...' to replace." }
$text = $pattern.Replace($text, { param($match) "apiBase: '$api'" })
Set-Content -LiteralPath (Join-Path $out 'config.js') -Value $text -NoNewline -Encoding utf8NoBOM
Write-Host "Staged web/ in $out with apiBase $api."
