#!/usr/bin/env bash
# Renders assets/icons/marginalia.svg to the PNG sizes a Linux desktop (the
# hicolor icon theme) and the window icon use. Run once after editing the
# SVG and commit the PNGs: the build never renders SVG.
# Needs rsvg-convert (Debian: apt-get install librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/../assets/icons"
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "hicolor/${size}x${size}/apps"
    rsvg-convert --width "$size" --height "$size" marginalia.svg \
        --output "hicolor/${size}x${size}/apps/marginalia.png"
done
