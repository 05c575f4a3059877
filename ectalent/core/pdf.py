"""PDF foundation: Chinese fonts that really render, an A4 document template, styles, tables and QR codes.

Fonts
    reportlab embeds TrueType (``glyf``) fonts but not CFF-flavoured OpenType, so the ``.otf`` builds of Noto/Source
    Han will not do. The Chinese face is Noto Sans SC (思源黑体, SIL OFL 1.1) in its TrueType build, vendored as a subset
    (``fonts/NotoSansSC-Regular-GBK.ttf``, see ``fonts/LICENSE-NotoSansSC.txt`` for how it was made): every hanzi of
    GBK (GB 2312 and the rarer characters of people's names), ASCII, Latin-1 and full-width punctuation. It has no
    ballot boxes, so ☐/☑/☒ are set in a tiny vendored subset of DejaVu Sans (``fonts/DejaVuSans-ballot.ttf``) —
    ``markup()`` does that automatically. Only the regular weight is vendored (7 MB); ``BoldParagraph`` emboldens it
    (fill + stroke), which is how the titles of the official forms (黑体) are set.

Use
    ``build_pdf(story, title=...)`` returns the bytes of an A4 document with a header line and a footer
    "第 N 页 共 M 页"; ``STYLES`` holds the paragraph styles; ``para()`` escapes plain text; ``grid_table()`` builds a
    gridded table with CJK word wrap; ``qr_flowable()`` draws a QR code as vector modules.

Checking (tests)
    ``page_texts()`` extracts text with pdfium (proves the glyph → Unicode mapping), ``render_page()`` rasterises a
    page,
    ``ink_ratio()`` measures dark pixels, ``embedded_fonts()`` lists the fonts and whether they are embedded. They
    import ``pypdfium2``/``pypdf`` lazily: those are test dependencies.
"""

from __future__ import annotations

import io
import os
import re
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle

FONT = "NotoSansSC"  # the Chinese body face (黑体-like sans)
FONT_BOLD = "NotoSansSC-Bold"  # the same outlines; BoldParagraph strokes them
FONT_MONO = "NotoSansSC-Mono"  # no monospaced Chinese face: the same outlines
FONT_BALLOT = "ECBallot"  # ☐ ☑ ☒ ✓ ✔ □
BALLOT_CHARS = "☐☑☒✓✔"
CHECKED, UNCHECKED = "☑", "☐"

_FONT_FILE = Path(__file__).resolve().parent / "fonts" / "NotoSansSC-Regular-GBK.ttf"
_BALLOT_FILE = Path(__file__).resolve().parent / "fonts" / "DejaVuSans-ballot.ttf"

_lock = threading.Lock()
_registered = False


def cjk_font_path() -> Path:
    """Path of the Chinese TrueType font (``ECTALENT_PDF_FONT`` overrides it with a .ttf/.ttc that has glyf outlines)."""
    override = os.environ.get("ECTALENT_PDF_FONT")
    if override:
        return Path(override)
    if not _FONT_FILE.is_file():
        raise RuntimeError(f"The vendored Chinese font is missing: {_FONT_FILE} (reinstall the package).")
    return _FONT_FILE


def register_cjk_fonts() -> str:
    """Register the Chinese faces with reportlab once per process; returns the body font's name."""
    global _registered
    if _registered:
        return FONT
    with _lock:
        if _registered:
            return FONT
        path = str(cjk_font_path())
        pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=0))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, path, subfontIndex=0))
        pdfmetrics.registerFont(TTFont(FONT_MONO, path, subfontIndex=0))
        pdfmetrics.registerFont(TTFont(FONT_BALLOT, str(_BALLOT_FILE)))
        # <b>/<i> inside paragraphs resolve to these (no italic face: upright is the Chinese convention).
        addMapping(FONT, 0, 0, FONT)
        addMapping(FONT, 1, 0, FONT_BOLD)
        addMapping(FONT, 0, 1, FONT)
        addMapping(FONT, 1, 1, FONT_BOLD)
        _registered = True
    return FONT


def missing_glyphs(text: str, font: str = FONT) -> set[str]:
    """Characters of ``text`` the font cannot draw (they would come out as empty boxes)."""
    register_cjk_fonts()
    face = pdfmetrics.getFont(font).face
    cmap = face.charToGlyph
    return {ch for ch in text if not ch.isspace() and ord(ch) not in cmap and ch not in BALLOT_CHARS}


# ---------------------------------------------------------------- styles and text

def _styles() -> dict[str, ParagraphStyle]:
    register_cjk_fonts()
    base = dict(fontName=FONT, wordWrap="CJK", textColor=colors.black)
    body = ParagraphStyle("body", fontSize=10.5, leading=16, **base)  # 五号
    return {
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=18, leading=26,
                                alignment=TA_CENTER, spaceAfter=4 * mm),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=12, leading=18, alignment=TA_CENTER,
                                   spaceAfter=3 * mm),
        "heading": ParagraphStyle("heading", parent=body, fontName=FONT_BOLD, fontSize=12, leading=18,
                                  spaceBefore=3 * mm, spaceAfter=2 * mm),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=13),
        "annex": ParagraphStyle("annex", parent=body, fontName=FONT_BOLD, fontSize=12, leading=18),  # 附件4
        "cell": ParagraphStyle("cell", parent=body, fontSize=10, leading=14),
        "cell_center": ParagraphStyle("cell_center", parent=body, fontSize=10, leading=14, alignment=TA_CENTER),
        "cell_right": ParagraphStyle("cell_right", parent=body, fontSize=10, leading=14, alignment=TA_RIGHT),
        "cell_small": ParagraphStyle("cell_small", parent=body, fontSize=9, leading=12.5),
        "header": ParagraphStyle("header", parent=body, fontSize=8, leading=10, textColor=colors.HexColor("#555555")),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        "left": ParagraphStyle("left", parent=body, alignment=TA_LEFT),
    }


class _Styles(dict):
    """``STYLES["body"]`` etc., built on first use (registering the fonts)."""

    def __missing__(self, key):
        if not dict.__len__(self):
            self.update(_styles())
            return self[key]
        raise KeyError(key)


STYLES: dict[str, ParagraphStyle] = _Styles()

_BALLOT_RE = re.compile(f"([{BALLOT_CHARS}]+)")


def markup(text) -> str:
    """Plain text → paragraph markup: XML-escaped, newlines as line breaks, ballot boxes in the ballot font,
    ideographic spaces (the blanks of "年　　月　　日") kept as two no-break spaces each."""
    if text is None:
        return ""
    out = escape(str(text))
    out = _BALLOT_RE.sub(lambda m: f'<font name="{FONT_BALLOT}">{m.group(1)}</font>', out)
    out = out.replace("\u3000", "\xa0\xa0")  # paragraphs collapse ideographic spaces; no-break spaces stay
    return out.replace("\r\n", "\n").replace("\n", "<br/>")


def checkbox(checked: bool) -> str:
    return CHECKED if checked else UNCHECKED


def para(text, style: str | ParagraphStyle = "body") -> Paragraph:
    """A paragraph of plain text (escaped; ``\\n`` breaks the line)."""
    st = STYLES[style] if isinstance(style, str) else style
    return Paragraph(markup(text), st)


class BoldParagraph(Paragraph):
    """A paragraph whose glyphs are filled and stroked: a bold (黑体) look from a face that has no bold."""

    def draw(self):
        canv = self.canv
        size = self.style.fontSize
        canv.saveState()
        canv.setStrokeColor(self.style.textColor)
        canv.setLineWidth(size * 0.045)
        canv.setLineJoin(1)
        canv.addLiteral("2 Tr")  # text state persists across BT/ET until restoreState
        super().draw()
        canv.restoreState()


def bold_para(text, style: str | ParagraphStyle = "title") -> BoldParagraph:
    st = STYLES[style] if isinstance(style, str) else style
    return BoldParagraph(markup(text), st)


class MinHeight(Flowable):
    """Wraps a flowable so that it takes at least ``height`` (for table cells the official form leaves open)."""

    def __init__(self, content: Flowable | Sequence[Flowable], height: float, valign: str = "TOP"):
        super().__init__()
        self.content = list(content) if isinstance(content, (list, tuple)) else [content]
        self.min_height = height
        self.valign = valign

    def wrap(self, availWidth, availHeight):
        self._sizes = [f.wrap(availWidth, availHeight) for f in self.content]
        self._inner = sum(h for _, h in self._sizes)
        self.width = availWidth
        self.height = max(self.min_height, self._inner)
        return self.width, self.height

    def draw(self):
        if self.valign == "TOP":
            y = self.height
        elif self.valign == "MIDDLE":
            y = (self.height + self._inner) / 2
        else:
            y = self._inner
        for flowable, (_, h) in zip(self.content, self._sizes):
            y -= h
            flowable.drawOn(self.canv, 0, y)


# ---------------------------------------------------------------- tables

def _cell(value, style: ParagraphStyle):
    if isinstance(value, Flowable) or isinstance(value, list):
        return value
    return Paragraph(markup(value), style)


def grid_table(
    rows: Sequence[Sequence],
    col_widths: Sequence[float],
    *,
    spans: Iterable[tuple[tuple[int, int], tuple[int, int]]] = (),
    header_rows: int = 0,
    style: str | ParagraphStyle = "cell",
    header_style: str | ParagraphStyle = "cell_center",
    extra: Iterable[tuple] = (),
    row_heights: Sequence[float | None] | None = None,
    grid: bool = True,
) -> Table:
    """A gridded table: strings become word-wrapped paragraphs (CJK line breaking), flowables stay as they are.

    ``spans`` are reportlab SPAN ranges ``((col0, row0), (col1, row1))``; ``header_rows`` repeat on each page and are
    shaded lightly; ``extra`` appends TableStyle commands (with ``grid=False`` they draw all the rules: BOX per cell
    lets two rows read as one box, as the official forms' "（盖章） 年 月 日" blocks do).
    """
    st = STYLES[style] if isinstance(style, str) else style
    hst = STYLES[header_style] if isinstance(header_style, str) else header_style
    data = [[_cell(v, hst if r < header_rows else st) for v in row] for r, row in enumerate(rows)]
    commands = [
        ("FONT", (0, 0), (-1, -1), FONT, 10),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if grid:
        commands.append(("GRID", (0, 0), (-1, -1), 0.6, colors.black))
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#F2F2F2")))
    commands += [("SPAN", a, b) for a, b in spans]
    commands += list(extra)
    table = Table(data, colWidths=list(col_widths), rowHeights=row_heights, repeatRows=header_rows or 0)
    table.setStyle(TableStyle(commands))
    return table


# ---------------------------------------------------------------- QR codes

class QRFlowable(Flowable):
    """A QR code drawn as vector squares (crisp at any zoom, scans from print and from a rendered page)."""

    def __init__(self, data: str, size: float = 30 * mm, error: str = "m", border: int = 4):
        super().__init__()
        import segno

        self.data = data
        self.qr = segno.make_qr(data, error=error)
        self.border = border
        self.size = size
        self.width = self.height = size

    def wrap(self, availWidth, availHeight):
        return self.size, self.size

    def draw(self):
        matrix = [list(row) for row in self.qr.matrix]
        n = len(matrix) + 2 * self.border
        module = self.size / n
        canv = self.canv
        canv.saveState()
        canv.setFillColor(colors.white)
        canv.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canv.setFillColor(colors.black)
        path = canv.beginPath()
        for r, row in enumerate(matrix):
            y = self.size - (r + self.border + 1) * module
            c = 0
            while c < len(row):  # one rectangle per run of dark modules
                if row[c]:
                    start = c
                    while c < len(row) and row[c]:
                        c += 1
                    path.rect((start + self.border) * module, y, (c - start) * module, module)
                else:
                    c += 1
        canv.drawPath(path, stroke=0, fill=1)
        canv.restoreState()


def qr_flowable(data: str, size: float = 30 * mm, error: str = "m") -> QRFlowable:
    return QRFlowable(data, size=size, error=error)


# ---------------------------------------------------------------- document

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGINS = dict(left=20 * mm, right=20 * mm, top=22 * mm, bottom=20 * mm)
FRAME_WIDTH = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]


def _numbered_canvas(header: str, footer: str):
    """A canvas class that writes header and "第 N 页 共 M 页" once the page count is known."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int):
            self.saveState()
            grey = colors.HexColor("#555555")
            self.setFillColor(grey)
            self.setStrokeColor(grey)
            if header:
                self.setFont(FONT, 8)
                y = PAGE_HEIGHT - MARGINS["top"] + 6 * mm
                self.drawString(MARGINS["left"], y, header)
                self.setLineWidth(0.4)
                self.line(MARGINS["left"], y - 1.8 * mm, PAGE_WIDTH - MARGINS["right"], y - 1.8 * mm)
            self.setFont(FONT, 9)
            text = f"第 {self._pageNumber} 页 共 {total} 页"
            self.drawCentredString(PAGE_WIDTH / 2, MARGINS["bottom"] - 10 * mm, text)
            if footer:
                self.setFont(FONT, 8)
                self.drawRightString(PAGE_WIDTH - MARGINS["right"], MARGINS["bottom"] - 10 * mm, footer)
            self.restoreState()

    return NumberedCanvas


def build_pdf(story: list[Flowable], *, title: str = "", header: str = "", footer: str = "",
              author: str = "电商人才培育与评价平台", subject: str = "") -> bytes:
    """Lay ``story`` out on A4 portrait pages and return the PDF's bytes."""
    register_cjk_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=A4, title=title, author=author, subject=subject, creator="ectalent",
        leftMargin=MARGINS["left"], rightMargin=MARGINS["right"], topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"], initialFontName=FONT, initialFontSize=10.5,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="a4", frames=[frame])])
    doc.build(list(story), canvasmaker=_numbered_canvas(header, footer))
    return buffer.getvalue()


# ---------------------------------------------------------------- checking (tests; lazy imports)

def page_texts(pdf: bytes) -> list[str]:
    """The text of each page as pdfium extracts it (through the fonts' ToUnicode maps)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def render_page(pdf: bytes, index: int = 0, scale: float = 2.0):
    """Rasterise one page with pdfium; returns a greyscale PIL image (scale 2 ≈ 144 dpi)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[index]
        image = page.render(scale=scale).to_pil().convert("L")
        page.close()
        return image
    finally:
        document.close()


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def ink_ratio(image, box: tuple[int, int, int, int] | None = None, threshold: int = 128) -> float:
    """Share of dark pixels (below ``threshold``) in ``image`` or its ``box`` (left, top, right, bottom)."""
    region = image.crop(box) if box else image
    histogram = region.convert("L").histogram()
    dark = sum(histogram[:threshold])
    return dark / max(1, sum(histogram))


def embedded_fonts(pdf: bytes) -> dict[str, bool]:
    """Base font name → whether its program is embedded (FontFile/FontFile2/FontFile3), for every font used."""
    from pypdf import PdfReader

    found: dict[str, bool] = {}

    def visit(font):
        font = font.get_object()
        name = str(font.get("/BaseFont", "?"))
        descriptors = []
        if "/FontDescriptor" in font:
            descriptors.append(font["/FontDescriptor"].get_object())
        for descendant in font.get("/DescendantFonts", []) or []:
            descendant = descendant.get_object()
            if "/FontDescriptor" in descendant:
                descriptors.append(descendant["/FontDescriptor"].get_object())
        embedded = any(k in d for d in descriptors for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        found[name] = found.get(name, False) or embedded

    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        resources_ = page.get("/Resources")
        if resources_ is None:
            continue
        fonts = resources_.get_object().get("/Font")
        if fonts is None:
            continue
        for ref in fonts.get_object().values():
            visit(ref)
    return found
