#!/usr/bin/env bash
# Builds the Linux packages and checks them the way a user meets them:
#   1. `cargo deb` builds target/packages/marginalia_<version>-1_<arch>.deb
#      (a release build) and the same tree is packed as
#      marginalia-<version>-<arch>-linux.tar.gz;
#   2. the .deb is installed with dpkg -i: `marginalia --version`, the
#      desktop entry (desktop-file-validate), the icons, `marginalia validate`
#      on the installed example, and the installed binary started under Xvfb
#      from an empty folder must show the example project in its title
#      and carry the window icon;
#   3. the package is purged and nothing of it may be left;
#   4. the tarball is unpacked in a temporary folder and checked the same way
#      (with the package gone, the example can only come from the tarball).
# Runs as root (CI); installs what it needs with apt-get and cargo.
# MARGINALIA_SCREENSHOT=/path/shot.png keeps a screenshot of the window.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

CARGO_DEB_VERSION=3.8.0
EXAMPLE=projects/ru-cn-joint-statement-2020.ron
EXAMPLE_FILE=$(basename "$EXAMPLE")
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
out=$CARGO_TARGET_DIR/packages
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
arch=$(dpkg --print-architecture)

fail() {
    echo "packaging check FAILED: $*" >&2
    exit 1
}
step() { echo "== packaging: $*"; }

[ "$(id -u)" = 0 ] || fail "run as root: it installs and removes the package"
if dpkg-query -W -f='${Status}' marginalia 2>/dev/null | grep -q installed; then
    fail "a marginalia package is already installed; remove it first (dpkg -P marginalia)"
fi

step "tools (apt-get, cargo install cargo-deb $CARGO_DEB_VERSION)"
needed=(xvfb xauth xdotool x11-utils desktop-file-utils dpkg-dev binutils
    libx11-6 libx11-xcb1 libxcursor1 libxi6 libxrandr2 libxkbcommon0
    libxkbcommon-x11-0 libegl1 libegl-mesa0 libgl1-mesa-dri)
[ -n "${MARGINALIA_SCREENSHOT:-}" ] && needed+=(imagemagick)
missing=()
for p in "${needed[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if ! cargo deb --version 2>/dev/null | grep -qx "cargo-deb $CARGO_DEB_VERSION"; then
    cargo install cargo-deb --version "$CARGO_DEB_VERSION" --locked
fi

step "build the .deb (release build) and the .tar.gz"
rm -rf "$out"
mkdir -p "$out"
cargo deb --locked --output "$out/"
deb="$out/marginalia_${version}-1_${arch}.deb"
[ -f "$deb" ] || fail "cargo deb did not write $deb"
stage=$(mktemp -d)
tree="marginalia-${version}-${arch}-linux"
dpkg-deb -x "$deb" "$stage/$tree"
tarball="$out/$tree.tar.gz"
tar -C "$stage" --owner=0 --group=0 --numeric-owner -czf "$tarball" "$tree"
rm -rf "$stage"
ls -l "$deb" "$tarball"

# Starts BINARY from an empty folder under Xvfb (no project argument) and
# waits for a window whose title names the example project file.
check_window() {
    local binary=$1 empty home title written
    empty=$(mktemp -d)
    home=$(mktemp -d)
    title=$(cd "$empty" && HOME="$home" XDG_RUNTIME_DIR="$home" MARGINALIA_ANNOTATOR=ci \
        xvfb-run -a -s "-screen 0 1280x860x24" bash -c '
            "$1" & pid=$!
            title=""
            for _ in $(seq 1 90); do
                sleep 1
                kill -0 "$pid" 2>/dev/null || { echo "the window closed by itself" >&2; exit 1; }
                id=$(xdotool search --name "$2" 2>/dev/null | head -n 1) || true
                if [ -n "$id" ]; then
                    title=$(xdotool getwindowname "$id")
                    # The window icon (256 px) is set on the X window.
                    xprop -id "$id" -f _NET_WM_ICON 32c " = \$0, \$1" _NET_WM_ICON |
                        grep -q "= 256, 256" ||
                        { echo "the window has no 256 px icon" >&2; kill "$pid"; exit 1; }
                    break
                fi
            done
            if [ -n "$title" ] && [ -n "$3" ]; then sleep 2; import -window root "$3"; fi
            kill "$pid"
            wait "$pid" 2>/dev/null || true
            printf "%s" "$title"
        ' _ "$binary" "$EXAMPLE_FILE" "${MARGINALIA_SCREENSHOT:-}") || title=""
    written=$(ls -A "$empty")
    rm -rf "$empty" "$home"
    [ -n "$title" ] || fail "$binary: no window titled with $EXAMPLE_FILE (with its icon) within 90 s"
    echo "window title: $title"
    [ -z "$written" ] || fail "$binary wrote into the folder it was started from: $written"
}

step "install the .deb"
dpkg -i "$deb"
trap 'dpkg -P marginalia >/dev/null 2>&1 || true' EXIT
[ "$(command -v marginalia)" = /usr/bin/marginalia ] || fail "marginalia is not /usr/bin/marginalia"
[ "$(marginalia --version)" = "marginalia $version" ] ||
    fail "marginalia --version says '$(marginalia --version)', expected 'marginalia $version'"
report=$(desktop-file-validate /usr/share/applications/marginalia.desktop 2>&1) ||
    fail "desktop entry: $report"
[ -z "$report" ] || fail "desktop entry: $report"
for size in 16 24 32 48 64 128 256 512; do
    [ -f "/usr/share/icons/hicolor/${size}x${size}/apps/marginalia.png" ] || fail "no ${size}px icon"
done
[ -f /usr/share/icons/hicolor/scalable/apps/marginalia.svg ] || fail "no scalable icon"
for doc in README.md docs/window.md docs/command-line.md LICENSE-MIT LICENSE-APACHE copyright; do
    [ -f "/usr/share/doc/marginalia/$doc" ] || fail "no /usr/share/doc/marginalia/$doc"
done
marginalia validate "/usr/share/marginalia/$EXAMPLE"
check_window /usr/bin/marginalia
owned=$(dpkg -L marginalia | sort)
# Opening the example (root included: it is installed write-protected) must
# leave no lock, backup or recovery file beside it.
stray=$(find /usr/share/marginalia /usr/share/doc/marginalia | sort | comm -23 - <(echo "$owned"))
[ -z "$stray" ] || fail "files the package does not own: $stray"

step "remove the package"
dpkg -P marginalia
trap - EXIT
dpkg-query -W marginalia >/dev/null 2>&1 && fail "dpkg still knows marginalia"
while IFS= read -r path; do
    # Shared folders (/usr/bin, hicolor/...) stay; every file and every
    # folder only marginalia used must be gone.
    if [ -f "$path" ] || [ -L "$path" ]; then fail "left after removal: $path"; fi
done <<<"$owned"
for dir in /usr/share/marginalia /usr/share/doc/marginalia; do
    [ ! -e "$dir" ] || fail "left after removal: $dir"
done

step "unpack and run the .tar.gz"
unpacked=$(mktemp -d)
tar -C "$unpacked" -xzf "$tarball"
root="$unpacked/$tree"
[ "$("$root/usr/bin/marginalia" --version)" = "marginalia $version" ] || fail "tarball: wrong --version"
report=$(desktop-file-validate "$root/usr/share/applications/marginalia.desktop" 2>&1) ||
    fail "tarball desktop entry: $report"
"$root/usr/bin/marginalia" validate "$root/usr/share/marginalia/$EXAMPLE"
check_window "$root/usr/bin/marginalia"
rm -rf "$unpacked"

echo "packaging check passed in $((SECONDS - started)) s: $deb, $tarball"
