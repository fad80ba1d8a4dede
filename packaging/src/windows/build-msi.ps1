# Builds the Windows installer (.msi) of Airlock on a Windows machine with JDK 17 (jlink, jpackage),
# Maven and the WiX Toolset 3 (candle.exe, light.exe on PATH). It cannot run on Linux: jpackage
# makes installers only for the system it runs on. .github/workflows/windows-msi.yml runs it.
#   powershell -File packaging\src\windows\build-msi.ps1 [-Version 0.1.0]
param([string]$Version = "0.1.0")
$ErrorActionPreference = "Stop"
$root = Resolve-Path "$PSScriptRoot\..\..\.."
$dir = "$root\packaging\target\jpackage-win"
$modules = "java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.scripting,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.localedata,jdk.net,jdk.unsupported,jdk.zipfs"

# The wizard and its dependencies; on Windows Maven picks JavaFX's "win" jars by itself, and
# helm-java's pom its windows-amd64 native library (Helm's Go code) instead of linux-amd64. The node
# module (static Linux binaries) is left out of the reactor: its jar comes from the local Maven
# repository, where the workflow's Debian job (or `mvn -pl node -am install` on Linux) put it.
mvn -B -q -f "$root\pom.xml" -pl "app,!node" -am package -DskipTests
if ($LASTEXITCODE -ne 0) { throw "maven failed" }
Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue
New-Item -ItemType Directory -Force "$dir\input" | Out-Null
Copy-Item "$root\app\target\lib\*.jar" "$dir\input"

jlink --add-modules $modules --strip-debug --no-header-files --no-man-pages --compress=2 --output "$dir\runtime"
if ($LASTEXITCODE -ne 0) { throw "jlink failed" }
$mainJar = (Get-ChildItem "$dir\input\airlock-app-*.jar").Name
jpackage --type app-image --dest "$dir\image" --name airlock-wizard `
  --input "$dir\input" --main-jar $mainJar --main-class io.airlock.app.AirlockApp `
  --runtime-image "$dir\runtime" --app-version $Version `
  --java-options "-Xmx256m" --java-options "-XX:+UseSerialGC" `
  --add-launcher "airlock=$root\packaging\src\jpackage\airlock-cli.properties" `
  --description "Carries Kubernetes software into disconnected sites" --vendor "Airlock"
if ($LASTEXITCODE -ne 0) { throw "jpackage app-image failed" }
# A fixed upgrade UUID: a newer .msi replaces the older one instead of installing beside it.
jpackage --type msi --dest "$dir\msi" --app-image "$dir\image\airlock-wizard" `
  --name Airlock --app-version $Version --vendor "Airlock" `
  --win-upgrade-uuid "5b0e7d1c-2f4a-4f7e-9a61-8f3c2b7d4e10" `
  --win-menu --win-menu-group Airlock --win-shortcut --win-dir-chooser `
  --license-file "$root\packaging\src\jpackage\LICENSE.txt"
if ($LASTEXITCODE -ne 0) { throw "jpackage msi failed" }

# Smoke test: the packaged command line runs.
& "$dir\image\airlock-wizard\airlock.exe" --version
if ($LASTEXITCODE -ne 0) { throw "airlock.exe --version failed" }
Get-ChildItem "$dir\msi\*.msi"
