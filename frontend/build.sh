#!/usr/bin/env bash
# Copies the bpmn-js navigated viewer (installed from the npm registry, pinned in
# package.json / package-lock.json) into webapp/static/vendor/bpmn-js/ so the
# Flask app serves it locally. Deployments have no internet: never use a CDN.
#
# Usage (from anywhere): bash frontend/build.sh
set -euo pipefail

FRONTEND_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$FRONTEND_DIR/.." && pwd)"
SRC="$FRONTEND_DIR/node_modules/bpmn-js/dist"
DEST="$REPO_DIR/webapp/static/vendor/bpmn-js"

if ! command -v npm >/dev/null 2>&1; then
    echo "build.sh: npm not found (install nodejs + npm)" >&2
    exit 1
fi

if [ ! -d "$FRONTEND_DIR/node_modules" ] || [ ! -f "$SRC/bpmn-navigated-viewer.production.min.js" ]; then
    echo "build.sh: installing frontend dependencies (npm ci)"
    (cd "$FRONTEND_DIR" && npm ci --no-audit --no-fund)
fi

for f in \
    "$SRC/bpmn-navigated-viewer.production.min.js" \
    "$SRC/assets/diagram-js.css" \
    "$SRC/assets/bpmn-js.css" \
    "$SRC/assets/bpmn-font/css" \
    "$SRC/assets/bpmn-font/font"; do
    if [ ! -e "$f" ]; then
        echo "build.sh: missing $f (bpmn-js layout changed?)" >&2
        exit 1
    fi
done

# Rebuild the vendor folder from scratch so stale files never linger.
rm -rf "$DEST"
mkdir -p "$DEST/assets/bpmn-font"

cp "$SRC/bpmn-navigated-viewer.production.min.js" "$DEST/"
cp "$SRC/assets/diagram-js.css" "$SRC/assets/bpmn-js.css" "$DEST/assets/"
# Keep css/ and font/ side by side: bpmn-font/css/*.css refer to ../font/...
cp -R "$SRC/assets/bpmn-font/css" "$SRC/assets/bpmn-font/font" "$DEST/assets/bpmn-font/"
# bpmn-js is distributed under the bpmn.io license: ship it with the files.
if [ -f "$FRONTEND_DIR/node_modules/bpmn-js/LICENSE" ]; then
    cp "$FRONTEND_DIR/node_modules/bpmn-js/LICENSE" "$DEST/LICENSE"
fi

VERSION="$(cd "$FRONTEND_DIR" && node -p "require('./node_modules/bpmn-js/package.json').version" 2>/dev/null || echo unknown)"
echo "$VERSION" > "$DEST/VERSION"
echo "build.sh: bpmn-js $VERSION copied to ${DEST#"$REPO_DIR"/}"
