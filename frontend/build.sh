#!/usr/bin/env bash
# Copies the bpmn-js navigated viewer (installed from the npm registry, pinned in
# package.json / package-lock.json) into webapp/static/vendor/bpmn-js/, and bundles the
# administrators' modeler (src/modeler.js: bpmn-js modeler + properties panel + Camunda 7
# extensions) with esbuild into webapp/static/vendor/modeler/, so the Flask app serves both
# locally, and copies the dmn-js decision-table modeler (UMD) into webapp/static/vendor/dmn-js/.
# The app's own scripts (src/app/*.js) become one minified IIFE bundle per page
# (src/app/pages/*.js) in webapp/static/vendor/app/, with source maps.
# Deployments have no internet: never use a CDN.
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

# node_modules must match the lock file: reinstall whenever package-lock.json changed since
# the last npm ci (a copy of it is kept in node_modules as the stamp).
STAMP="$FRONTEND_DIR/node_modules/.sme-package-lock.json"
if ! cmp -s "$FRONTEND_DIR/package-lock.json" "$STAMP" 2>/dev/null \
    || [ ! -f "$SRC/bpmn-navigated-viewer.production.min.js" ] \
    || [ ! -x "$FRONTEND_DIR/node_modules/.bin/esbuild" ] \
    || [ ! -x "$FRONTEND_DIR/node_modules/.bin/eslint" ] \
    || [ ! -f "$FRONTEND_DIR/node_modules/echarts/dist/echarts.min.js" ]; then
    echo "build.sh: installing frontend dependencies (npm ci)"
    (cd "$FRONTEND_DIR" && npm ci --no-audit --no-fund)
    cp "$FRONTEND_DIR/package-lock.json" "$STAMP"
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

# -- the modeler bundle --------------------------------------------------------------------
MODULES="$FRONTEND_DIR/node_modules"
MODELER_DEST="$REPO_DIR/webapp/static/vendor/modeler"
PANEL_CSS="$MODULES/@bpmn-io/properties-panel/dist/assets/properties-panel.css"
if [ ! -f "$PANEL_CSS" ]; then
    echo "build.sh: missing $PANEL_CSS (@bpmn-io/properties-panel layout changed?)" >&2
    exit 1
fi
rm -rf "$MODELER_DEST"
mkdir -p "$MODELER_DEST/assets/bpmn-font"
"$MODULES/.bin/esbuild" "$FRONTEND_DIR/src/modeler.js" \
    --bundle --minify --format=iife --target=es2020 \
    --define:process.env.NODE_ENV='"production"' \
    --legal-comments=external --log-level=warning \
    --outfile="$MODELER_DEST/modeler.bundle.js"
cp "$SRC/assets/diagram-js.css" "$SRC/assets/bpmn-js.css" "$PANEL_CSS" "$MODELER_DEST/assets/"
cp -R "$SRC/assets/bpmn-font/css" "$SRC/assets/bpmn-font/font" "$MODELER_DEST/assets/bpmn-font/"
# The bpmn.io license asks for the files (and the canvas watermark) to ship with the code.
mkdir -p "$MODELER_DEST/licenses"
for pkg in bpmn-js diagram-js bpmn-js-properties-panel @bpmn-io/properties-panel camunda-bpmn-moddle \
    camunda-bpmn-js-behaviors; do
    if [ -f "$MODULES/$pkg/LICENSE" ]; then
        cp "$MODULES/$pkg/LICENSE" "$MODELER_DEST/licenses/${pkg//\//_}.LICENSE"
    fi
done
(cd "$FRONTEND_DIR" && node -p "const p = require('./package.json'); \
Object.entries(p.dependencies).map(([n, v]) => n + '@' + v).join('\n')") > "$MODELER_DEST/VERSIONS"
BUNDLE_KB="$(( $(wc -c < "$MODELER_DEST/modeler.bundle.js") / 1024 ))"
echo "build.sh: modeler bundled to ${MODELER_DEST#"$REPO_DIR"/}/modeler.bundle.js (${BUNDLE_KB} KiB)"

# -- the decision-table editor (dmn-js: its own UMD build, DMN 1.3) ---------------------------
DMN_SRC="$MODULES/dmn-js/dist"
DMN_DEST="$REPO_DIR/webapp/static/vendor/dmn-js"
for f in "$DMN_SRC/dmn-modeler.production.min.js" "$DMN_SRC/assets/dmn-js-decision-table.css" \
    "$DMN_SRC/assets/dmn-js-shared.css" "$DMN_SRC/assets/dmn-font"; do
    if [ ! -e "$f" ]; then
        echo "build.sh: missing $f (dmn-js layout changed?)" >&2
        exit 1
    fi
done
rm -rf "$DMN_DEST"
mkdir -p "$DMN_DEST/assets"
cp "$DMN_SRC/dmn-modeler.production.min.js" "$DMN_DEST/"
cp "$DMN_SRC/assets/"*.css "$DMN_DEST/assets/"
cp -R "$DMN_SRC/assets/dmn-font" "$DMN_DEST/assets/"
cp "$MODULES/dmn-js/LICENSE" "$DMN_DEST/LICENSE" 2>/dev/null || true
(cd "$FRONTEND_DIR" && node -p "require('./node_modules/dmn-js/package.json').version") > "$DMN_DEST/VERSION"
echo "build.sh: dmn-js $(cat "$DMN_DEST/VERSION") copied to ${DMN_DEST#"$REPO_DIR"/}"

# -- charts (Apache ECharts, Apache-2.0: the statistics dashboard and the public statistics) --
ECHARTS_SRC="$MODULES/echarts/dist/echarts.min.js"
ECHARTS_DEST="$REPO_DIR/webapp/static/vendor/echarts"
if [ ! -f "$ECHARTS_SRC" ]; then
    echo "build.sh: missing $ECHARTS_SRC (echarts layout changed?)" >&2
    exit 1
fi
rm -rf "$ECHARTS_DEST"
mkdir -p "$ECHARTS_DEST"
cp "$ECHARTS_SRC" "$ECHARTS_DEST/"
cp "$MODULES/echarts/LICENSE" "$MODULES/echarts/NOTICE" "$ECHARTS_DEST/" 2>/dev/null || true
(cd "$FRONTEND_DIR" && node -p "require('./node_modules/echarts/package.json').version") > "$ECHARTS_DEST/VERSION"
echo "build.sh: echarts $(cat "$ECHARTS_DEST/VERSION") copied to ${ECHARTS_DEST#"$REPO_DIR"/}"

# -- the app's own scripts: one bundle per page ------------------------------------------------
# src/app/pages/<page>.js imports the scripts that page runs, in the order they run; each becomes
# webapp/static/vendor/app/<page>.js (an IIFE: no module loader, no inline script for the CSP)
# with its source map beside it. The libraries they use (bpmn-js, dmn-js, echarts, the modeler
# bundle) stay separate files that the templates load first, as globals.
APP_DEST="$REPO_DIR/webapp/static/vendor/app"
rm -rf "$APP_DEST"
mkdir -p "$APP_DEST"
"$MODULES/.bin/esbuild" "$FRONTEND_DIR"/src/app/pages/*.js \
    --bundle --minify --sourcemap --format=iife --target=es2020 \
    --log-level=warning --outdir="$APP_DEST"
echo "build.sh: $(ls "$APP_DEST"/*.js | wc -l) page bundles of src/app built into ${APP_DEST#"$REPO_DIR"/}"
