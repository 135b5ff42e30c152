"""The house style of the DOCX: its styles, settings, fonts, running header and footer, as
WordprocessingML text (no python-docx needed).

A serif for reading (Georgia) and a sans for what is not prose (Arial: credits, labels,
tables, header and footer), in the page's colours: ink, a muted grey and the masthead's red,
each at least 4.5:1 against what it sits on (a test computes every pair). The proofing
language is the collection's, in the style defaults and the settings: nothing else in the
document names one. Every role has a named style, so a house reference document restyles it.
"""

from __future__ import annotations

from pipeline.writers._ooxml import escape
from pipeline.writers.docx_layout import W_NS

SERIF = "Georgia"
SANS = "Arial"
INK = "1C1B1A"
MUTED = "595550"
ACCENT = "C8102E"
RULE = "D9D3CA"
PANEL = "F3EFE8"
"""The fill of a claims table's label column."""
NOTE_INK, NOTE_FILL = "7A0016", "FFF1B8"
"""An editor's note: dark red on pale yellow."""
LABEL_WIDTH = 1700
"""Twips: the label column of every claims table ('Reality check' on one line)."""

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


def _fonts(face: str) -> str:
    return f'<w:rFonts w:ascii="{face}" w:hAnsi="{face}" w:eastAsia="{face}" w:cs="{face}"/>'


def _paragraph_style(
    style_id: str, name: str, ppr: str, rpr: str, *, based_on: str = "Normal", extra: str = ""
) -> str:
    base = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (
        f'<w:style xmlns:w="{W_NS}" w:type="paragraph" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/>{base}{extra}<w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def _character_style(style_id: str, name: str, rpr: str) -> str:
    return (
        f'<w:style xmlns:w="{W_NS}" w:type="character" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>'
        f"<w:rPr>{rpr}</w:rPr></w:style>"
    )


def _colour(value: str) -> str:
    return f'<w:color w:val="{value}"/>'


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


_SANS_SMALL = _fonts(SANS) + _size(19)
_CLAIMS_TABLE = (
    f'<w:style xmlns:w="{W_NS}" w:type="table" w:customStyle="1" w:styleId="ClaimsTable">'
    '<w:name w:val="Claims Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
    f'<w:top w:val="single" w:sz="8" w:space="0" w:color="{MUTED}"/>'
    '<w:left w:val="nil"/>'
    f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{MUTED}"/>'
    '<w:right w:val="nil"/>'
    f'<w:insideH w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>'
    '<w:insideV w:val="nil"/></w:tblBorders>'
    '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
    '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar>'
    "</w:tblPr></w:style>"
)

STYLES: dict[str, str] = {
    "Normal": (
        f'<w:style xmlns:w="{W_NS}" w:type="paragraph" w:default="1" w:styleId="Normal">'
        '<w:name w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:spacing w:after="160" w:line="300" w:lineRule="auto"/></w:pPr>'
        f"<w:rPr>{_fonts(SERIF)}{_colour(INK)}{_size(22)}</w:rPr></w:style>"
    ),
    "Title": _paragraph_style(
        "Title",
        "Title",
        '<w:keepNext/><w:keepLines/><w:spacing w:before="0" w:after="120" w:line="240" '
        'w:lineRule="auto"/><w:outlineLvl w:val="0"/>',
        f"<w:b/><w:bCs/>{_size(52)}",
        extra='<w:next w:val="Subtitle"/>',
    ),
    "Subtitle": _paragraph_style(
        "Subtitle",
        "Subtitle",
        '<w:keepNext/><w:spacing w:after="200" w:line="264" w:lineRule="auto"/>',
        f"<w:i/><w:iCs/>{_colour(MUTED)}{_size(28)}",
    ),
    "Byline": _paragraph_style(
        "Byline",
        "Byline",
        '<w:keepNext/><w:spacing w:after="320" w:line="264" w:lineRule="auto"/>'
        "<w:contextualSpacing/>",
        f"{_fonts(SANS)}{_colour(MUTED)}{_size(18)}",
        extra='<w:next w:val="Normal"/>',
    ),
    "Advisory": _paragraph_style("Advisory", "Advisory", "", f"<w:i/><w:iCs/>{_colour(MUTED)}"),
    "Correction": _paragraph_style(
        "Correction",
        "Correction",
        '<w:spacing w:before="160" w:after="240"/>',
        f"<w:i/><w:iCs/>{_colour(MUTED)}",
    ),
    "Heading 1": _paragraph_style(
        "Heading1",
        "Heading 1",
        '<w:keepNext/><w:keepLines/><w:pBdr><w:top w:val="single" w:sz="4" w:space="10" '
        f'w:color="{RULE}"/></w:pBdr><w:spacing w:before="400" w:after="100" w:line="240" '
        'w:lineRule="auto"/><w:outlineLvl w:val="0"/>',
        f"<w:b/><w:bCs/>{_size(34)}",
        extra='<w:next w:val="Credits"/>',
    ),
    "Credits": _paragraph_style(
        "Credits",
        "Credits",
        '<w:keepNext/><w:tabs><w:tab w:val="left" w:pos="1080"/></w:tabs>'
        '<w:spacing w:after="180" w:line="264" w:lineRule="auto"/><w:contextualSpacing/>'
        '<w:ind w:left="1080" w:hanging="1080"/>',
        _SANS_SMALL,
    ),
    "Table Heading": _paragraph_style(
        "TableHeading",
        "Table Heading",
        '<w:keepNext/><w:spacing w:before="20" w:after="20" w:line="252" w:lineRule="auto"/>',
        f"{_fonts(SANS)}<w:b/><w:bCs/>{_colour(MUTED)}{_size(17)}",
    ),
    "Table Contents": _paragraph_style(
        "TableContents",
        "Table Contents",
        '<w:spacing w:before="20" w:after="20" w:line="252" w:lineRule="auto"/>',
        _SANS_SMALL,
    ),
    "Header": _paragraph_style(
        "Header",
        "Header",
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
        f"{_fonts(SANS)}{_colour(MUTED)}{_size(16)}",
    ),
    "Footer": _paragraph_style(
        "Footer",
        "Footer",
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>',
        f"{_fonts(SANS)}{_colour(MUTED)}{_size(16)}",
    ),
    "Work Title": _character_style("WorkTitle", "Work Title", "<w:i/><w:iCs/>"),
    "Credit Label": _character_style(
        "CreditLabel",
        "Credit Label",
        f'{_fonts(SANS)}<w:b/><w:bCs/><w:caps/>{_colour(MUTED)}<w:spacing w:val="12"/>{_size(15)}',
    ),
    "Scene Number": _character_style(
        "SceneNumber", "Scene Number", f"{_fonts(SANS)}<w:b/><w:bCs/>{_colour(ACCENT)}"
    ),
    "Editor Note": _character_style(
        "EditorNote",
        "Editor Note",
        f"{_fonts(SANS)}<w:b/><w:bCs/>{_colour(NOTE_INK)}"
        f'<w:shd w:val="clear" w:color="auto" w:fill="{NOTE_FILL}"/>',
    ),
    "Strong": _character_style("Strong", "Strong", "<w:b/><w:bCs/>"),
    "Hyperlink": _character_style(
        "Hyperlink", "Hyperlink", f'{_colour(ACCENT)}<w:u w:val="single"/>'
    ),
    "Claims Table": _CLAIMS_TABLE,
}
"""Every style the document uses, by name: the built-in package holds them all, and a house
reference document lacking one gets this definition."""

_DEFAULTS = (
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
    "<w:unhideWhenUsed/></w:style>"
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" '
    'w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    "</w:style>"
    '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
)
"""The defaults every WordprocessingML styles part has."""


def language_xml(language: str) -> str:
    """The proofing language for Latin, East Asian and complex-script text alike."""
    tag = escape(language, {'"': "&quot;"})
    return f'<w:lang w:val="{tag}" w:eastAsia="{tag}" w:bidi="{tag}"/>'


def styles_xml(language: str) -> bytes:
    """The whole styles part: defaults in the collection's language, then every style."""
    own = "".join(s.replace(f' xmlns:w="{W_NS}"', "") for s in STYLES.values())
    return (
        f'{_DECLARATION}<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>'
        f"{_fonts(SERIF)}{_size(22)}{language_xml(language)}</w:rPr></w:rPrDefault>"
        '<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/>'
        f"</w:pPr></w:pPrDefault></w:docDefaults>{_DEFAULTS}{own}</w:styles>"
    ).encode()


def settings_xml(language: str) -> bytes:
    """Settings in Word 2013's layout (a table's edge on the margin), nothing marked as
    already proofed, and the theme's language the collection's."""
    tag = escape(language, {'"': "&quot;"})
    return (
        f'{_DECLARATION}<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/>'
        '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        f'<w:themeFontLang w:val="{tag}" w:eastAsia="{tag}" w:bidi="{tag}"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
    ).encode()


FONT_TABLE = (
    f'{_DECLARATION}<w:fonts xmlns:w="{W_NS}">'
    f'<w:font w:name="{SERIF}"><w:panose1 w:val="02040502050405020303"/><w:charset w:val="00"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    f'<w:font w:name="{SANS}"><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/>'
    '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>'
).encode()
"""The two faces, with their families, so a machine without one substitutes its kind."""


def _text_run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _field(instruction: str, shown: str) -> str:
    return f'<w:fldSimple w:instr=" {instruction} ">{_text_run(shown)}</w:fldSimple>'


def header_paragraph(style_id: str, text: str, aside: str, width: int | None) -> str:
    """The running header: the publisher and title, then `aside` at the right margin (a tab
    stop at `width`); without a width (a house document's Header style may have tab stops of
    its own), after a separator."""
    if width is None:
        return (
            f'<w:p><w:pPr><w:pStyle w:val="{escape(style_id)}"/></w:pPr>'
            f"{_text_run(f'{text} · {aside}')}</w:p>"
        )
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{escape(style_id)}"/><w:tabs><w:tab w:val="right" '
        f'w:pos="{width}"/></w:tabs></w:pPr>{_text_run(text)}<w:r><w:tab/></w:r>'
        f"{_text_run(aside)}</w:p>"
    )


def footer_paragraph(style_id: str) -> str:
    """'Page 3 of 6', counted by the program that shows the document."""
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{escape(style_id)}"/></w:pPr>{_text_run("Page ")}'
        f"{_field('PAGE', '1')}{_text_run(' of ')}{_field('NUMPAGES', '1')}</w:p>"
    )


def part(kind: str, paragraph: str) -> bytes:
    """A header ('hdr') or footer ('ftr') part holding one paragraph."""
    return (
        f'{_DECLARATION}<w:{kind} xmlns:w="{W_NS}" xmlns:r="{_R}">{paragraph}</w:{kind}>'.encode()
    )
