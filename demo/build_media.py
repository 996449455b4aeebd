"""Generate the media files of the demo content bundle.

Reads ``demo/bundle/content.json`` and writes every file it references: organisation logos
(PNG), symbol images for topics and positions and contact photos (JPEG), and one PDF per
position built from the position's own text with :func:`core.pdfgen.make_pdf`.

The output is deterministic: shapes and colours come from a hash of the file name, PDFs carry
no timestamps, so running the script twice gives byte-identical files and a clean diff.

Run from the repository root::

    .venv/bin/python demo/build_media.py
"""

from __future__ import annotations

import hashlib
import json
import sys
import textwrap
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.pdfgen import LINES_PER_PAGE, WRAP_WIDTH, make_pdf  # noqa: E402

BUNDLE = Path(__file__).resolve().parent / "bundle"

LOGO_SIZE = (240, 120)
SYMBOL_SIZE = (1200, 800)
PHOTO_SIZE = (400, 400)

LOGO_COLOURS = {
    "awo": (206, 17, 38),
    "caritas-dresden-meissen": (180, 20, 40),
    "caritas-goerlitz": (140, 22, 48),
    "diakonie": (96, 40, 130),
    "drk": (226, 6, 19),
    "paritaet": (0, 105, 180),
    "juedische-gemeinden": (31, 58, 147),
}

PALETTE = [
    (0, 105, 180),
    (0, 140, 140),
    (90, 160, 90),
    (240, 170, 40),
    (220, 90, 60),
    (150, 60, 130),
    (60, 70, 140),
    (245, 225, 190),
    (200, 225, 235),
]

KIND_LABELS = {
    "position_paper": "Positionspapier",
    "statement": "Stellungnahme",
    "press_release": "Pressemitteilung",
    "open_letter": "Offener Brief",
}

# Additional PDF pages that exist only in the document, not in the page body. The word
# "Herkunftsländerinformationen" occurs only here, which makes it handy for testing that
# search also finds text inside PDFs.
EXTRA_PAGES = {
    "rueckkehrberatung": [
        "Notwendige Rahmenbedingungen und Voraussetzungen\n\n"
        "Hinweis: Diese Seite ist Beispieltext für die Demo-Umgebung und nicht der Wortlaut des "
        "Originalpapiers.\n\n"
        "• Freiwilligkeit und Ergebnisoffenheit: Die Beratung ist unabhängig von "
        "aufenthaltsbeendenden Maßnahmen und respektiert jede Entscheidung der Ratsuchenden.\n"
        "• Trennung von Beratung und Vollzug: Beratungsstellen arbeiten organisatorisch getrennt "
        "von den Ausländerbehörden.\n"
        "• Qualifizierte Fachkräfte mit Kenntnissen im Asyl- und Aufenthaltsrecht und aktuelle "
        "Herkunftsländerinformationen zur Lage in den Zielstaaten.\n"
        "• Sprachmittlung durch qualifizierte Dolmetscherinnen und Dolmetscher.\n"
        "• Besonderer Schutz für vulnerable Gruppen, insbesondere Familien mit Kindern, kranke und "
        "traumatisierte Menschen.\n"
        "• Begleitung der Reintegration im Herkunftsland gemeinsam mit Partnerorganisationen.\n"
        "• Datenschutz: Informationen aus der Beratung werden nur mit Einwilligung weitergegeben.\n"
        "• Eine auskömmliche und verlässliche Finanzierung der Beratungsstellen."
    ],
}


def _digest(name: str) -> bytes:
    return hashlib.sha512(name.encode("utf-8")).digest()


def _target(relative: str) -> Path:
    path = (BUNDLE / relative).resolve()
    if not path.is_relative_to(BUNDLE):
        raise ValueError(f"{relative!r} points outside the bundle")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _save(image: Image.Image, relative: str) -> Path:
    buffer = BytesIO()
    if relative.endswith(".png"):
        image.save(buffer, format="PNG", optimize=True)
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=70, optimize=True)
    path = _target(relative)
    path.write_bytes(buffer.getvalue())
    return path


def _logo_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans where installed, else Pillow's bitmap default font.

    Pillow's scalable built-in font (Aileron) has no glyphs for umlauts or ß; its old bitmap
    font has them, but only at one small size.
    """
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default_imagefont()


def logo(key: str, short_name: str) -> Image.Image:
    colour = LOGO_COLOURS.get(key) or PALETTE[_digest(key)[0] % 7]
    image = Image.new("RGB", LOGO_SIZE, colour)
    draw = ImageDraw.Draw(image)
    max_width = LOGO_SIZE[0] - 28
    for size in range(26, 9, -2):
        font = _logo_font(size)
        lines = [short_name]
        if draw.textlength(short_name, font) > max_width:
            lines = textwrap.wrap(short_name, 14)
        if max(draw.textlength(line, font) for line in lines) <= max_width:
            break
    centre = (LOGO_SIZE[0] // 2, LOGO_SIZE[1] // 2)
    text = "\n".join(lines)
    draw.multiline_text(centre, text, font=font, fill="white", anchor="mm", align="center")
    draw.rectangle((0, 0, LOGO_SIZE[0] - 1, LOGO_SIZE[1] - 1), outline="white", width=3)
    return image.quantize(colors=16)


def symbol_image(name: str) -> Image.Image:
    digest = _digest(name)
    first = PALETTE[digest[0] % len(PALETTE)]
    second = PALETTE[(digest[0] + 1 + digest[1] % (len(PALETTE) - 1)) % len(PALETTE)]
    vertical = Image.linear_gradient("L")
    mask = Image.blend(vertical, vertical.transpose(Image.Transpose.ROTATE_90), 0.5)
    mask = mask.resize(SYMBOL_SIZE)
    image = Image.composite(
        Image.new("RGB", SYMBOL_SIZE, first), Image.new("RGB", SYMBOL_SIZE, second), mask
    ).convert("RGBA")
    width, height = SYMBOL_SIZE
    for index in range(4 + digest[2] % 4):
        x, y, r, c, a = digest[3 + 5 * index : 8 + 5 * index]
        cx, cy, radius = x * width // 255, y * height // 255, 60 + r * 220 // 255
        circle = Image.new("RGBA", SYMBOL_SIZE, (0, 0, 0, 0))
        ImageDraw.Draw(circle).ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius),
            fill=(*PALETTE[c % len(PALETTE)], 70 + a % 90),
        )
        image.alpha_composite(circle)
    return image.convert("RGB").filter(ImageFilter.GaussianBlur(10))


def contact_photo(index: int) -> Image.Image:
    background = PALETTE[7 + index % 2]
    figure = PALETTE[(2 * index + 1) % 7]
    image = Image.new("RGB", PHOTO_SIZE, background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((70, 260, 330, 560), fill=figure)
    draw.ellipse((130, 90, 270, 230), fill=figure)
    return image.filter(ImageFilter.GaussianBlur(1.5))


class _TextBlocks(HTMLParser):
    """Turn the bundle's rich-text HTML into plain-text paragraphs for the PDF."""

    BLOCKS = frozenset({"p", "h2", "h3", "h4", "li", "blockquote", "ul", "ol", "br"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._parts: list[str] = []
        self._href: str | None = None

    def _flush(self) -> None:
        text = " ".join("".join(self._parts).split())
        if text:
            self.blocks.append(text)
        self._parts = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self._flush()
        if tag == "li":
            self._parts.append("• ")
        elif tag == "a":
            self._href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href:
            self._parts.append(f" ({self._href})")
            self._href = None
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self._parts.append(data)


def html_blocks(html: str) -> list[str]:
    parser = _TextBlocks()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.blocks


def paginate(blocks: list[str]) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if lines:
            lines.append("")
        lines.extend(textwrap.wrap(block, WRAP_WIDTH, break_on_hyphens=False) or [""])
    return ["\n".join(lines[i : i + LINES_PER_PAGE]) for i in range(0, len(lines), LINES_PER_PAGE)]


def position_pdf(position: dict, bundle: dict) -> bytes:
    organisations = {org["key"]: org["name"] for org in bundle["organisations"]}
    contacts = {contact["key"]: contact for contact in bundle["contacts"]}
    year, month, day = position["published"].split("-")
    blocks = [
        "LIGA der Freien Wohlfahrtspflege in Sachsen",
        f"{KIND_LABELS[position['kind']]} · {day}.{month}.{year}",
        position["title"].upper(),
        position["teaser"],
        *html_blocks(position["body"]),
        "Beteiligte Verbände: " + "; ".join(organisations[k] for k in position["organisations"]),
    ]
    for key in position["contacts"]:
        contact = contacts[key]
        name = " ".join(
            filter(None, [contact["honorific"], contact["given_name"], contact["family_name"]])
        )
        organisation = organisations[contact["organisation"]]
        blocks.append(
            f"Kontakt: {name}, {contact['role']}, {organisation}, "
            f"{contact['email']}, Tel. {contact['phone']}"
        )
    blocks.append("Demo-Dokument für die Entwicklungsumgebung des LIGA-Content-Hubs.")
    pages = paginate(blocks) + EXTRA_PAGES.get(position["slug"], [])
    return make_pdf(pages, title=position["document"]["title"])


def main() -> None:
    bundle = json.loads((BUNDLE / "content.json").read_text(encoding="utf-8"))
    written: list[Path] = []
    for org in bundle["organisations"]:
        written.append(_save(logo(org["key"], org["short_name"]), org["logo"]))
    for index, contact in enumerate(bundle["contacts"]):
        if contact.get("photo"):
            written.append(_save(contact_photo(index), contact["photo"]["file"]))
    for item in bundle["topics"] + bundle["positions"]:
        if item.get("image"):
            written.append(_save(symbol_image(item["image"]["file"]), item["image"]["file"]))
    for position in bundle["positions"]:
        if position.get("document"):
            path = _target(position["document"]["file"])
            path.write_bytes(position_pdf(position, bundle))
            written.append(path)
    total = sum(path.stat().st_size for path in written)
    sys.stdout.write(f"wrote {len(written)} files ({total} bytes) to {BUNDLE}\n")


if __name__ == "__main__":
    main()
