"""The admin upload page: preview first, write only on confirmation, refuse tampering and bad files."""

import re
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.models import Question, Quiz
from tests.quizzes.factories import UserFactory

FILES = Path(__file__).parent / "files"
URL = reverse("admin:quizzes_question_import")


def upload(client, name: str, **fields):
    data = {"file": SimpleUploadedFile(name, (FILES / name).read_bytes()), "format": "gift", "preview": "1"}
    data.update(fields)
    return client.post(URL, data)


def test_the_changelist_links_to_the_upload_page(client, tess, db):
    client.force_login(tess)
    assert URL in client.get(reverse("admin:quizzes_question_changelist")).content.decode()


def test_preview_writes_nothing_and_confirm_imports_exactly_the_previewed_file(client, tess, taxonomy):
    client.force_login(tess)
    response = upload(client, "moodle_peer_support.gift", skip_unsupported="on", quiz="moodle-import")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing has been written yet" in page and "7 created, 0 updated, 0 unchanged, 4 skipped" in page
    assert "line 45: numerical question" in page and "Mutuality at the first meeting" in page
    assert not Question.objects.exists() and not Quiz.objects.exists()
    row = re.search(r"<tr>\s*<td>line 6</td>.*?</tr>", page, re.DOTALL).group(0)
    assert "Mutuality at the first meeting" in row and "Peer support" in row and "created" in row
    assert "Share that she has been discharged too" in row  # the right answer, to check before importing
    weighted = re.search(r"<tr>\s*<td>line 26</td>.*?</tr>", page, re.DOTALL).group(0)
    assert "To show that recovery is possible. (50 %)" in weighted and "the right way" not in weighted
    payload = re.search(r'name="payload" value="([^"]+)"', page).group(1)
    response = client.post(URL, {"payload": payload, "confirm": "1"}, follow=True)
    assert "Imported: 7 created" in response.content.decode()
    assert Question.objects.count() == 7 and Quiz.objects.get(slug="moodle-import").items.count() == 7


def test_a_tampered_payload_is_refused(client, tess, taxonomy):
    client.force_login(tess)
    page = upload(client, "moodle_peer_support.gift", skip_unsupported="on").content.decode()
    payload = re.search(r'name="payload" value="([^"]+)"', page).group(1)
    response = client.post(URL, {"payload": payload[:-3] + "abc", "confirm": "1"}, follow=True)
    assert "expired or was altered" in response.content.decode()
    assert not Question.objects.exists()


def test_unsupported_types_without_skipping_show_the_list_and_import_nothing(client, tess, taxonomy):
    client.force_login(tess)
    response = upload(client, "moodle_peer_support.gift")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported" in page and "line 49: matching question" in page
    assert not Question.objects.exists()


def test_a_malformed_file_names_the_line(client, tess, taxonomy):
    client.force_login(tess)
    response = upload(client, "malformed.gift")
    assert response.status_code == 400
    assert "line 5: expected &#x27;}&#x27; to close the answers" in response.content.decode()


def test_aiken_with_a_chosen_competency(client, tess, taxonomy):
    client.force_login(tess)
    page = upload(
        client, "change_agent.aiken.txt", format="aiken", competency=taxonomy["change-agent"].pk
    ).content.decode()
    assert "2 created" in page
    payload = re.search(r'name="payload" value="([^"]+)"', page).group(1)
    client.post(URL, {"payload": payload, "confirm": "1"})
    assert set(Question.objects.values_list("competency__slug", flat=True)) == {"change-agent"}


def test_a_binary_file_is_refused_with_a_message(client, tess, taxonomy):
    client.force_login(tess)
    data = {"file": SimpleUploadedFile("x.gift", b"\xff\xfe\x00bad"), "format": "gift", "preview": "1"}
    response = client.post(URL, data)
    assert response.status_code == 400 and "not UTF-8 text" in response.content.decode()


def test_instructors_cannot_import(client, taxonomy):
    instructor = UserFactory(username="ines", is_staff=True)
    instructor.groups.add(Group.objects.get(name="Instructors"))
    client.force_login(instructor)
    assert client.get(URL).status_code == 403


def test_a_file_over_2_mb_is_refused_before_it_is_read(client, tess, taxonomy):
    client.force_login(tess)
    big = SimpleUploadedFile("big.gift", b"// padding\n" * 200_000)
    response = client.post(URL, {"file": big, "format": "gift", "preview": "1"})
    assert response.status_code == 400
    assert "The file is 2,200,000 bytes; the limit is 2 MB." in response.content.decode()
    assert not Question.objects.exists()


def test_upload_and_confirm_need_the_csrf_token(tess, taxonomy):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(tess)
    upload = SimpleUploadedFile("q.gift", (FILES / "moodle_peer_support.gift").read_bytes())
    assert strict.post(URL, {"file": upload, "format": "gift", "skip_unsupported": "on"}).status_code == 403
    assert strict.post(URL, {"payload": "x", "confirm": "1"}).status_code == 403
    assert not Question.objects.exists()
