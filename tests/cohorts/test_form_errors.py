"""Every invalid field on the instructor forms says so to a screen reader: aria-invalid="true", and an
aria-describedby naming its error and its help, both of which exist on the page."""

from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from cohorts.forms import ResultsUploadForm


class _Fields(HTMLParser):
    """The ids on the page, and each form control's attributes by id."""

    def __init__(self, html: str):
        super().__init__()
        self.ids: dict[str, str] = {}
        self.controls: dict[str, dict] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] = tag
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden" and "id" in attrs:
            self.controls[attrs["id"]] = attrs


def _check(html: str, invalid: set[str], helped: set[str]):
    page = _Fields(html)
    marked = {i for i, a in page.controls.items() if a.get("aria-invalid") == "true"}
    assert marked == invalid
    for control_id, attrs in page.controls.items():
        described = (attrs.get("aria-describedby") or "").split()
        for ref in described:
            assert ref in page.ids, f"{control_id} points at missing #{ref}"
        if control_id in invalid:
            assert f"{control_id}_error" in described
        if control_id in helped:
            assert f"{control_id}_helptext" in described
    return page


def test_assignment_errors_are_tied_to_their_fields(client, cohort, ines):
    client.force_login(ines)
    response = client.post(reverse("cohorts:assignments", args=["spring"]), {"quiz": "999", "due_at": "soon"})
    assert response.status_code == 400
    page = _check(response.content.decode(), invalid={"id_quiz", "id_due_at"}, helped={"id_due_at"})
    assert page.controls["id_due_at"]["aria-describedby"] == "id_due_at_helptext id_due_at_error"


def test_names_too_long_are_tied_to_the_names_box(client, cohort, ines):
    client.force_login(ines)
    response = client.post(reverse("cohorts:members", args=["spring"]), {"names": "x" * 300 + ", casey"})
    assert response.status_code == 400
    html = response.content.decode()
    _check(html, invalid={"id_names"}, helped={"id_names"})
    error = html[html.index('id="id_names_error"') :]
    error = error[: error.index("</div>")]
    assert "nobody was added" in error and "300 characters" in error


def test_import_errors_are_tied_to_the_upload_field(client, cohort, ines, make_quiz):
    quiz = make_quiz(2)
    client.force_login(ines)
    response = client.post(
        reverse("cohorts:import_results", args=["spring"]),
        {"quiz": quiz.pk, "upload": SimpleUploadedFile("r.csv", b"\xff\xfe", content_type="text/csv")},
    )
    assert response.status_code == 400
    _check(response.content.decode(), invalid={"id_upload"}, helped={"id_upload"})


def test_an_invalid_checkbox_is_marked_and_described(db):
    form = ResultsUploadForm(data={}, files={})
    form.is_valid()
    form.add_error("create_missing", "Tick this to go on.")
    html = render_to_string("cohorts/_field.html", {"field": form["create_missing"]})
    page = _Fields(html)
    attrs = page.controls["id_create_missing"]
    assert attrs["aria-invalid"] == "true"
    assert attrs["aria-describedby"].split() == ["id_create_missing_error"]
    assert page.ids["id_create_missing_error"] == "div" and "Tick this to go on." in html
