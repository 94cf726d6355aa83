#!/usr/bin/env bash
# Unpack the published definitions the export validators read (tests/validators/packages.py):
# the FHIR R5 core and HL7 terminology packages, and the schema.org vocabulary as shipped by
# @zazuko/rdf-vocabularies. `npm pack` fetches each tarball without installing dependencies
# (hl7.terminology.r5 declares one that is not on npm and that the validators do not need).
# Usage: bash tests/validators/install-packages.sh [FOLDER]   (default .cache/validation-packages)
set -euo pipefail
cd "$(dirname "$0")/../.."
dest="${1:-${KETTOOLS_VALIDATION_PACKAGES:-.cache/validation-packages}}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
install() {  # NAME SPEC
  [ -f "$dest/$1/package/package.json" ] && return 0
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$2" >/dev/null)
  mkdir -p "$dest/$1"
  tar -xzf "$tmp"/*.tgz -C "$dest/$1"
  rm -rf "$tmp"
}
install fhir-core hl7.fhir.r5.core@5.0.0
install fhir-terminology hl7.terminology.r5@7.0.1
install rdf-vocabularies @zazuko/rdf-vocabularies@2023.1.19
echo "validation packages in $dest"
