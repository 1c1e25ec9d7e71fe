# Secretariat on Windows: the PowerShell equivalent of `make test`.
#   powershell -ExecutionPolicy Bypass -File scripts\windows\test.ps1
# Creates .venv with the Python launcher (py -3.11), installs the program with its test extras
# and runs the whole test suite on SQLite. When SECRETARIAT_TEST_PG holds the URL of a PostgreSQL
# server you may write to (postgresql+psycopg://postgres@127.0.0.1:5432/postgres), the
# database-facing part runs again there; each test creates and drops its own database.
$ErrorActionPreference = "Stop"
Set-Location (Resolve-Path "$PSScriptRoot\..\..")

$Python = if ($env:SECRETARIAT_PYTHON) { $env:SECRETARIAT_PYTHON } else { "3.11" }
$VenvPy = ".venv\Scripts\python.exe"
if (-not (Test-Path $VenvPy)) {
    Write-Host "Creating .venv with Python $Python"
    & py "-$Python" -m venv .venv
    if ($LASTEXITCODE -ne 0) { throw "py -$Python -m venv failed: install Python $Python from python.org" }
}
& $VenvPy -m pip install --disable-pip-version-check -q -e ".[test]"
if ($LASTEXITCODE -ne 0) { throw "pip install failed (exit $LASTEXITCODE)" }

$env:QT_QPA_PLATFORM = "offscreen"
$failed = $false
$pg = $env:SECRETARIAT_TEST_PG
Remove-Item Env:SECRETARIAT_TEST_PG -ErrorAction SilentlyContinue

Write-Host "== tests on SQLite: the whole suite"
& $VenvPy -m pytest tests
# Any non-zero exit fails, 5 (no test collected) included.
if ($LASTEXITCODE -ne 0) { Write-Host "FAILED on SQLite (pytest exit $LASTEXITCODE)"; $failed = $true }

if ($pg) {
    $dirs = @("tests\core", "tests\db", "tests\cli", "tests\io", "tests\trust") | Where-Object { Test-Path $_ }
    Write-Host "== tests on PostgreSQL ($pg): $($dirs -join ' ')"
    $env:SECRETARIAT_TEST_PG = $pg
    & $VenvPy -m pytest @dirs
    if ($LASTEXITCODE -ne 0) { Write-Host "FAILED on PostgreSQL (pytest exit $LASTEXITCODE)"; $failed = $true }
    Remove-Item Env:SECRETARIAT_TEST_PG
} else {
    Write-Host "== tests on PostgreSQL: skipped (set SECRETARIAT_TEST_PG to a server URL to run them)"
}

if ($failed) { exit 1 }
Write-Host "all passed"
