#!/usr/bin/env bash
# Remakes the subsetted test fonts in this folder from Debian's Noto
# packages (downloaded, never installed) with fonttools in a throwaway
# venv. Run it after a test starts using a character none of the fonts
# has: add the character to the list of its script below.
#
# Each font keeps exactly the characters the tests lay out, plus the
# sample characters by which fontique (behind egui_system_font_provider)
# asks fontconfig for a script's fallback font, so fontconfig picks the
# right file for each script.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# apt-get downloads as the _apt user where it can.
chmod 755 "$work"
cd "$work"

apt-get download fonts-noto-core fonts-noto-cjk >/dev/null
for deb in ./*.deb; do dpkg-deb -x "$deb" x; done
python3 -m venv venv
venv/bin/pip install -q fonttools

noto=x/usr/share/fonts/truetype/noto
cjk=x/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

# Arabic: the note in tests/gui/bidi.rs and the lookup in src/ui/document/fonts.rs.
arabic='أإاةتحرشصظعقكلمنوي'
# fontique's sample for the Arabic script (U+0600..U+0611 less U+0605).
arabic_sample=$'\u0600\u0601\u0602\u0603\u0604\u0606\u0607\u0608\u0609\u060a\u060b\u060d\u060e\u060f\u0610\u0611'
# Hebrew: the lookup in src/ui/document/fonts.rs.
hebrew='שלום'
hebrew_sample=$'\u0591\u0592\u0593\u0594\u0595\u0596\u0597\u0598\u0599\u059a\u059b\u059c\u059d\u059e\u059f\u05a0'
# Chinese: the note in tests/gui/bidi.rs and the lookup in src/ui/document/fonts.rs.
chinese='中国外交部表示，全球卫生安全需要各国合作。'
chinese_sample='今'

subset() {
    venv/bin/pyftsubset "$@" --layout-features='*' --no-hinting \
        --name-IDs='*' --name-languages='*' --notdef-outline
}
subset "$noto/NotoSansArabic-Regular.ttf" --text="$arabic$arabic_sample" \
    --output-file="$here/NotoSansArabic-Subset.ttf"
subset "$noto/NotoSansHebrew-Regular.ttf" --text="$hebrew$hebrew_sample" \
    --output-file="$here/NotoSansHebrew-Subset.ttf"
# Index 2 of the collection is Noto Sans CJK SC (Simplified Chinese).
subset "$cjk" --font-number=2 --text="$chinese$chinese_sample" \
    --output-file="$here/NotoSansCJKsc-Subset.otf"
ls -l "$here"
