# Secretariat on Windows: the PowerShell equivalent of `make run`.
#   powershell -ExecutionPolicy Bypass -File scripts\windows\run.ps1
# Saved as UTF-8 with a BOM so that Windows PowerShell 5.1 reads the Chinese name right.
# Creates .venv with the Python launcher (py -3.11), installs the program, compiles the
# catalogs, creates the demo book demo\demo.sqlite if it is missing, and starts the program.
$ErrorActionPreference = "Stop"
Set-Location (Resolve-Path "$PSScriptRoot\..\..")

# A plain function (no param block) so that options such as -m reach the program in $args.
function Invoke-Checked {
    $exe, $rest = $args
    & $exe @rest
    if ($LASTEXITCODE -ne 0) { throw "$exe $($rest -join ' ') failed (exit $LASTEXITCODE)" }
}

$Python = if ($env:SECRETARIAT_PYTHON) { $env:SECRETARIAT_PYTHON } else { "3.11" }
$VenvPy = ".venv\Scripts\python.exe"
if (-not (Test-Path $VenvPy)) {
    Write-Host "Creating .venv with Python $Python"
    Invoke-Checked py "-$Python" -m venv .venv
}
Invoke-Checked $VenvPy -m pip install --disable-pip-version-check -q -e .
if (Test-Path tools\i18n.py) { Invoke-Checked $VenvPy tools\i18n.py compile }

$Book = "demo\demo.sqlite"
if (-not (Test-Path $Book)) {
    New-Item -ItemType Directory -Force demo | Out-Null
    Invoke-Checked .venv\Scripts\secretariat.exe init --book $Book --name "西咸新区智能制造行业协会" --demo
}
& .venv\Scripts\secretariat-app.exe --book $Book
