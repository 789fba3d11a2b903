"""Import: a gazette becomes its documents (title, 文号, issuer, date, attachments) with the PDF
damage repaired; the same file imports once; a new version supersedes; bad files are named."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

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


@pytest.mark.parametrize(
    "name, data, code_words",
    [
        ("broken.pdf", b"%PDF-1.4\n1 0 obj <<", "PDF"),
        ("empty.txt", b"   \n", "为空"),
        ("binary.txt", bytes(range(256)) * 4, "二进制"),
        ("notes.xls", b"abc", "不支持"),
        ("fake.docx", b"PK not a zip", "Word"),
    ],
)
def test_a_bad_file_is_named_and_changes_nothing(name, data, code_words):
    report = actions.import_file(name, data, actor=SYSTEM)
    assert report.status == "failed" and name in report.message and code_words in report.message
    assert not Source.objects.exists() and not Document.objects.exists()


def test_the_other_files_are_imported_when_one_is_bad(tmp_path):
    (tmp_path / "a.txt").write_bytes(gazette_bytes())
    (tmp_path / "b.pdf").write_bytes(b"%PDF-garbage")
    reports = actions.import_paths(sorted(tmp_path.iterdir()), actor=SYSTEM)
    assert [r.status for r in reports] == ["imported", "failed"]


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
