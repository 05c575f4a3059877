"""The PDF foundation draws Chinese for real: glyphs embedded, text extractable, pixels on the page, not tofu."""

import re

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from ectalent.core import pdf

SAMPLE = "浙江省电子商务职业技能培训机构和实践基地备案办法：培训范围（运营、营销推广、跨境电商）ABC abc 2014。"


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_font_is_truetype_and_covers_common_text():
    assert pdf.register_cjk_fonts() == pdf.FONT
    assert pdf.cjk_font_path().is_file()
    # glyf outlines (reportlab refuses CFF), and the whole sample is covered
    assert pdf.missing_glyphs(SAMPLE) == set()
    assert pdf.missing_glyphs("盖章年月日，。、；：“”（）《》—…０１２％") == set()
    assert pdf.missing_glyphs("\ue000") == {"\ue000"}  # private use: really not there


def test_font_covers_every_gbk_hanzi_for_peoples_names():
    """Names use characters outside GB 2312 (喆 堃 玥 昇 犇): the vendored face covers the whole GBK repertoire."""
    gbk_hanzi = []
    for cp in list(range(0x3400, 0x4DC0)) + list(range(0x4E00, 0xA000)) + list(range(0xF900, 0xFB00)):
        try:
            chr(cp).encode("gbk")
        except UnicodeEncodeError:
            continue
        gbk_hanzi.append(chr(cp))
    assert len(gbk_hanzi) > 20000
    assert pdf.missing_glyphs("".join(gbk_hanzi)) == set()
    assert pdf.missing_glyphs("喆堃玥昇犇") == set()


def test_chinese_text_is_embedded_extractable_and_inked():
    story = [pdf.bold_para("中文标题"), pdf.para(SAMPLE)]
    data = pdf.build_pdf(story, title="测试", header="电商人才培育与评价平台")
    assert data.startswith(b"%PDF")

    # pdfium maps the glyphs back to exactly the input: the ToUnicode map and the embedded subset agree
    text = pdf.page_texts(data)[0]
    assert _flat(SAMPLE) in _flat(text)  # line breaks fall where the paragraph wrapped
    assert "中文标题" in text and "电商人才培育与评价平台" in text

    # every font the page uses is embedded, and one is the Chinese face
    fonts = pdf.embedded_fonts(data)
    assert fonts and all(fonts.values()), fonts
    assert any("NotoSansSC" in name for name in fonts)

    # the text area is inked: real strokes, not an empty page
    image = pdf.render_page(data, scale=2)
    width, _ = image.size
    top = int((pdf.MARGINS["top"]) * 2)
    text_band = (int(pdf.MARGINS["left"] * 2), top, width - int(pdf.MARGINS["right"] * 2), top + int(30 * mm * 2))
    assert pdf.ink_ratio(image, text_band) > 0.02
    lower_half = (0, image.size[1] // 2, width, image.size[1] - int(25 * mm * 2))
    assert pdf.ink_ratio(image, lower_half) == 0


def _glyph_image(char: str):
    style = pdf.ParagraphStyle("big", parent=pdf.STYLES["body"], fontSize=72, leading=80)
    data = pdf.build_pdf([pdf.para(char, style)])
    image = pdf.render_page(data, scale=1)
    left, top = int(pdf.MARGINS["left"]), int(pdf.MARGINS["top"])
    return image.crop((left, top, left + 90, top + 90)).point(lambda v: 255 if v >= 128 else 0)


def _difference(a, b) -> int:
    """Number of pixels that differ between two black-and-white images."""
    from PIL import ImageChops

    return sum(ImageChops.difference(a, b).histogram()[1:])


def test_glyphs_are_distinct_shapes_not_tofu():
    dian, shang, notdef = _glyph_image("电"), _glyph_image("商"), _glyph_image("\ue000")
    for image in (dian, shang):
        assert pdf.ink_ratio(image) > 0.05
    # two different hanzi give clearly different shapes; a missing glyph (tofu) looks like neither
    assert _difference(dian, shang) > 300
    assert _difference(dian, notdef) > 300
    assert _difference(shang, notdef) > 300


def test_bold_title_is_heavier_than_regular():
    regular = pdf.build_pdf([pdf.para("培训机构基本情况申报表", "title")])
    bold = pdf.build_pdf([pdf.bold_para("培训机构基本情况申报表", "title")])
    assert pdf.page_texts(bold)[0].startswith("培训机构基本情况申报表")
    band = (0, int(pdf.MARGINS["top"] * 2), int(pdf.PAGE_WIDTH * 2), int((pdf.MARGINS["top"] + 12 * mm) * 2))
    assert pdf.ink_ratio(pdf.render_page(bold), band) > 1.2 * pdf.ink_ratio(pdf.render_page(regular), band)


def test_table_wraps_chinese_and_shows_checkboxes():
    long = "近一年内培训情况、招生渠道等" * 6
    table = pdf.grid_table(
        [["项目", "内容"], ["培训办班情况简介", long], ["教学场地", f"{pdf.checkbox(True)} 自有 {pdf.checkbox(False)} 租赁"]],
        [30 * mm, 80 * mm], header_rows=1,
    )
    _, height = table.wrap(110 * mm, 500 * mm)
    assert height > 40  # the long cell wrapped onto several lines (no spaces needed: CJK word wrap)
    data = pdf.build_pdf([table])
    text = _flat(pdf.page_texts(data)[0])
    assert _flat(long) in text
    assert "☑自有☐租赁" in text  # the ballot boxes come from the vendored DejaVu subset
    assert all(pdf.embedded_fonts(data).values())


def test_markup_escapes_and_breaks_lines():
    assert pdf.markup("a<b>&c\nd") == "a&lt;b&gt;&amp;c<br/>d"
    assert pdf.FONT_BALLOT in pdf.markup("☑ 自有")
    data = pdf.build_pdf([pdf.para("<script>&</script>")])
    assert "<script>&</script>" in pdf.page_texts(data)[0]


def test_header_and_page_numbers_in_chinese():
    data = pdf.build_pdf([pdf.para("第一页"), PageBreak(), pdf.para("第二页")], header="电商人才培育与评价平台")
    assert pdf.page_count(data) == 2
    first, second = pdf.page_texts(data)
    assert "第 1 页 共 2 页" in first and "第 2 页 共 2 页" in second
    assert "电商人才培育与评价平台" in second


def test_qr_code_decodes_from_the_rendered_page(tmp_path):
    import zxingcpp  # test dependency (zxing-cpp)

    payload = "https://ectalent.example/verify/CERT-2014-000123?c=8F3A"
    data = pdf.build_pdf([pdf.bold_para("证书核验"), Spacer(1, 5 * mm), pdf.qr_flowable(payload, size=35 * mm)])
    image = pdf.render_page(data, scale=2)
    image.save(tmp_path / "qr.png")
    results = zxingcpp.read_barcodes(image)
    assert [r.text for r in results] == [payload]
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode
