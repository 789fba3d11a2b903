"""Import: a gazette becomes its documents (title, 文号, issuer, date, attachments) with the PDF
damage repaired; the same file imports once; a new version supersedes; bad files are named."""

from __future__ import annotations

import io
import struct
import zipfile
from datetime import date

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jiesu.knowledge import actions
from jiesu.knowledge.models import Document, Passage, Source
from jiesu.organisation.actor import SYSTEM
from jiesu.testing.builders import gazette_bytes, pdf_bytes, person

pytestmark = pytest.mark.django_db


def test_a_gazette_splits_into_its_documents_with_their_particulars():
    # when
    report = actions.import_file("gazette.txt", gazette_bytes(), actor=SYSTEM)
    # then
    assert (report.status, report.created) == ("imported", 2)
    injury, taxis = Document.objects.order_by("id")
    assert injury.title == "关于印发《测试市超龄从业人员参加工伤保险办法》的通知"
    assert (injury.doc_number, injury.issuer, injury.date) == (
        "测政办发〔2025〕7号",
        "测试市人民政府办公室",
        date(2025, 3, 1),
    )
    assert injury.attachments == ["测试市超龄从业人员参保登记表"]
    assert (taxis.doc_number, taxis.issuer, taxis.date) == (
        "测交发〔2025〕3号",
        "测试市交通运输局",
        date(2025, 4, 2),
    )


def test_pdf_damage_is_repaired_in_the_passages():
    actions.import_file("gazette.txt", gazette_bytes(), actor=SYSTEM)
    text = "\n".join(Passage.objects.values_list("text", flat=True))
    # the sentence broken across a page break is whole again, the furniture is gone
    assert "为超过法定退休年龄的从业人员单独参加工伤保险，由用人单位缴纳工伤保险费" in text
    assert "公报" not in text and "- 12 -" not in text and "Ј" not in text


def test_the_same_file_imports_once():
    actions.import_file("gazette.txt", gazette_bytes(), actor=SYSTEM)
    again = actions.import_file("copy.txt", gazette_bytes(), actor=SYSTEM)
    assert again.status == "duplicate"
    assert (Source.objects.count(), Document.objects.count()) == (1, 2)


def test_a_new_version_supersedes_the_old_and_unchanged_documents_stay():
    actions.import_file("gazette.txt", gazette_bytes(), actor=SYSTEM)
    # when: the same documents, one amended and dated later
    report = actions.import_file(
        "gazette-v2.txt",
        gazette_bytes(**{"经营期限为八年": "经营期限为六年", "2025年4月2日": "2025年5月6日"}),
        actor=SYSTEM,
    )
    # then
    assert (report.created, report.unchanged, report.superseded) == (1, 1, 1)
    old, new = Document.objects.filter(doc_number="测交发〔2025〕3号").order_by("id")
    assert (old.status, old.superseded_by_id, new.status) == ("superseded", new.pk, "active")


def _docx_bytes(text: str = "关于规范共享单车停放的通知") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _docx_with(part: str, data: bytes) -> bytes:
    """A real .docx with one part replaced."""
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as archive:
        entries = {n: archive.read(n) for n in archive.namelist()}
    return _zip({**entries, part: data})


def _docx_damaged_stream() -> bytes:
    """A real .docx whose compressed main part is overwritten (zlib cannot inflate it)."""
    data = bytearray(_docx_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    name_len, extra_len = struct.unpack(
        "<HH", data[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_len + extra_len
    data[start : start + 16] = b"\xff" * 16
    return bytes(data)


BAD_FILES = [
    ("broken.pdf", b"%PDF-1.4\n1 0 obj <<", "PDF"),
    ("truncated.pdf", pdf_bytes(["Taxi licences", "eight years"])[:200], "PDF"),
    ("empty.txt", b"   \n", "为空"),
    ("empty.pdf", b"", "为空"),
    ("binary.txt", bytes(range(256)) * 4, "二进制"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(128, 256)) * 8, "PNG"),
    ("noise.txt", bytes(range(128, 256)) * 8, "无法识别"),
    ("renamed.txt", pdf_bytes(["Taxi licences", "eight years"]), "PDF"),
    ("notes.xls", b"abc", "不支持"),
    ("fake.docx", b"PK not a zip", "Word"),
    ("junk.docx", _zip({"junk.bin": bytes(range(256)), "readme.txt": b"hello"}), "Word"),
    ("badxml.docx", _docx_with("word/document.xml", b"<<not xml>>"), "Word"),
    ("badtypes.docx", _docx_with("[Content_Types].xml", b"junk"), "Word"),
    ("inflate.docx", _docx_damaged_stream(), "Word"),
]


@pytest.mark.parametrize("name, data, words", BAD_FILES)
def test_a_bad_file_is_named_and_changes_nothing(name, data, words):
    report = actions.import_file(name, data, actor=SYSTEM)
    assert report.status == "failed" and name in report.message and words in report.message
    assert not Source.objects.exists() and not Document.objects.exists()


def test_the_other_files_are_imported_when_some_are_bad(tmp_path):
    for name, data, _words in BAD_FILES:
        (tmp_path / name).write_bytes(data)
    (tmp_path / "zz-gazette.txt").write_bytes(gazette_bytes())
    reports = actions.import_paths(sorted(tmp_path.iterdir()), actor=SYSTEM)
    assert [r.status for r in reports] == ["failed"] * len(BAD_FILES) + ["imported"]
    assert Document.objects.filter(source__name="zz-gazette.txt").count() == 2


def test_the_command_names_each_bad_file_and_imports_the_rest(tmp_path):
    (tmp_path / "badxml.docx").write_bytes(_docx_with("word/document.xml", b"<<not xml>>"))
    (tmp_path / "renamed.txt").write_bytes(pdf_bytes(["Taxi licences", "eight years"]))
    (tmp_path / "gazette.txt").write_bytes(gazette_bytes())
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="2 个文件未能导入"):
        call_command("kb", "import", str(tmp_path), stdout=out, stderr=err)
    assert "badxml.docx" in err.getvalue() and "renamed.txt" in err.getvalue()
    assert "gazette.txt：新增 2 篇" in out.getvalue()


def test_pdf_docx_and_html_are_read():
    pdf = pdf_bytes(["Taxi licences", "The term of a licence is eight years."])
    document = docx.Document()
    document.add_paragraph("关于规范共享单车停放的通知")
    document.add_paragraph("共享单车应当停放在划定的停放区域内，不得占用盲道。")
    buffer = io.BytesIO()
    document.save(buffer)
    html = "<html><head><title>x</title><style>p{}</style></head><body><h1>关于公园开放时间的公告</h1><p>公园每日6时至22时开放，节假日照常开放。</p></body></html>"
    for name, data in [("a.pdf", pdf), ("b.docx", buffer.getvalue()), ("c.html", html.encode())]:
        assert actions.import_file(name, data, actor=SYSTEM).status == "imported", name
    titles = set(Document.objects.values_list("title", flat=True))
    assert {"Taxi licences", "关于规范共享单车停放的通知", "关于公园开放时间的公告"} <= titles


def test_only_platform_staff_import(city):
    with pytest.raises(Exception) as refused:
        actions.import_file("gazette.txt", gazette_bytes(), actor=person("handler"))
    assert getattr(refused.value, "status", None) == 403


def test_answered_questions_import_from_csv_once():
    csv_text = (
        "id,user,subject,submitted_at,detail,reply,replied_at\n"
        "1,u1,小区停车收费太高,2019/4/25 9:32:09,物业每月收停车费三百元,"
        '"经调查，停车收费标准由业主大会决定，不高于周边小区价格。",2019/5/10 14:56:53\n'
        '2,u2,路灯不亮,2019/4/24 16:03:40,,"已安排维修。",2019/5/9 9:49:10\n'
    ).encode()
    report = actions.import_answers("replied.csv", csv_text, actor=SYSTEM)
    assert (report.status, report.created) == ("imported", 2)
    doc = Document.objects.get(title="小区停车收费太高")
    assert (doc.kind, doc.date) == ("answered", date(2019, 5, 10)) and "业主大会" in doc.body
    assert actions.import_answers("again.csv", csv_text, actor=SYSTEM).status == "duplicate"


def test_a_csv_without_question_and_answer_columns_is_refused():
    report = actions.import_answers("x.csv", b"a,b\n1,2\n", actor=SYSTEM)
    assert report.status == "failed" and "问题列" in report.message
