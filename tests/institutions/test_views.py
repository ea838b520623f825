import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def detail_url(institution):
    return reverse("institutions:detail", kwargs={"code": institution.code})


def edit_url(institution):
    return reverse("institutions:edit", kwargs={"code": institution.code})


PROFILE = {
    "name_az": "Ümid Mikromaliyyə BOKT",
    "name_en": "Umid Microfinance",
    "name_ru": "Умид Микрофинанс",
    "registration_number": "1400000055",
    "licence_number": "NBCO-201",
    "licence_issued_on": "2012-05-05",
    "address": "Bakı, Səməd Vurğun küç. 21",
    "phone": "+994 12 500 50 50",
    "email": "info@umid.example",
    "website": "https://umid.example",
    "branches": "15",
    "active_clients": "37000",
    "gross_loan_portfolio": "58000000.50",
    "figures_as_of": "2026-10-31",
}


@pytest.mark.parametrize("name", ["institutions:list"])
def test_anonymous_visitor_is_sent_to_login_from_the_list(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_visitor_is_sent_to_login_from_profile_pages(client, institution):
    for url in (detail_url(institution), edit_url(institution)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"
    response = client.post(edit_url(institution), PROFILE)
    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.name_en != "Umid Microfinance"


def test_manager_reads_their_own_profile(client_for, manager, institution):
    response = client_for(manager).get(detail_url(institution))
    assert response.status_code == 200
    assert "Ümid Test BOKT" in response.content.decode()
    assert edit_url(institution) in response.content.decode()


def test_manager_cannot_read_another_institutions_profile(client_for, manager, other_institution):
    response = client_for(manager).get(detail_url(other_institution))
    assert response.status_code == 403
    assert "Bərəkət Test BOKT" not in response.content.decode()


def test_manager_cannot_open_or_post_another_institutions_edit_page(
    client_for, manager, other_institution
):
    client = client_for(manager)
    assert client.get(edit_url(other_institution)).status_code == 403
    response = client.post(edit_url(other_institution), PROFILE)
    assert response.status_code == 403
    other_institution.refresh_from_db()
    assert other_institution.name_az == "Bərəkət Test BOKT"


def test_manager_cannot_list_institutions(client_for, manager, other_institution):
    assert client_for(manager).get(reverse("institutions:list")).status_code == 403


def test_an_unknown_code_answers_404_to_a_logged_in_user(client_for, manager):
    response = client_for(manager).get(reverse("institutions:detail", kwargs={"code": "nope"}))
    assert response.status_code == 404


def test_anonymous_visitors_learn_nothing_about_which_codes_exist(client, institution):
    for code in (institution.code, "no-such-code"):
        for name in ("institutions:detail", "institutions:edit"):
            response = client.get(reverse(name, kwargs={"code": code}))
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))


def test_manager_edits_their_own_contacts_and_size(client_for, manager, institution):
    response = client_for(manager).post(edit_url(institution), PROFILE)
    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.address == "Bakı, Səməd Vurğun küç. 21"
    assert institution.active_clients == 37000
    assert str(institution.gross_loan_portfolio) == "58000000.50"
    assert institution.code == "umid-test"


def test_a_manager_cannot_change_the_official_names_code_or_kind(
    client_for, manager, institution, other_institution
):
    client = client_for(manager)
    page = client.get(edit_url(institution)).content.decode()
    assert 'name="name_az"' not in page
    assert 'name="code"' not in page
    data = {
        **PROFILE,
        "name_az": other_institution.name_az,
        "name_en": "\u202eKNAB",
        "code": "hijack",
        "kind": "bank",
    }
    assert client.post(edit_url(institution), data).status_code == 302
    institution.refresh_from_db()
    assert (institution.code, institution.kind) == ("umid-test", "nbco")
    assert institution.name_az == "Ümid Test BOKT"
    assert "\u202e" not in institution.name_en


def test_a_regulator_changes_the_official_name_and_the_change_is_kept_with_who(
    client_for, regulator, institution
):
    data = {**PROFILE, "code": "umid-test", "kind": "nbco", "name_az": "Ümid Yeni BOKT"}
    assert client_for(regulator).post(edit_url(institution), data).status_code == 302
    institution.refresh_from_db()
    assert institution.name_az == "Ümid Yeni BOKT"
    latest = institution.history.latest()
    assert (latest.name_az, latest.history_user) == ("Ümid Yeni BOKT", regulator)
    assert institution.history.earliest().name_az == "Ümid Test BOKT"


@pytest.mark.parametrize(
    "typed", ["Ümid\u202e BOKT", "Ümid\u200b BOKT", "Ümid\u2066BOKT\u2069", "Ümid\x07 BOKT"]
)
def test_a_name_with_an_invisible_character_is_refused_and_kept(
    client_for, regulator, institution, typed
):
    data = {**PROFILE, "code": "umid-test", "kind": "nbco", "name_az": typed}
    response = client_for(regulator).post(edit_url(institution), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "name_az" in form.errors
    assert "U+" in form.errors["name_az"][0]
    institution.refresh_from_db()
    assert institution.name_az == "Ümid Test BOKT"
    assert institution.address == ""


def test_a_name_is_kept_in_one_normal_form(client_for, regulator, institution):
    decomposed = "U\u0308mid Yeni BOKT"
    data = {**PROFILE, "code": "umid-test", "kind": "nbco", "name_az": decomposed}
    assert client_for(regulator).post(edit_url(institution), data).status_code == 302
    institution.refresh_from_db()
    assert institution.name_az == "Ümid Yeni BOKT"


def test_a_form_error_keeps_what_the_user_typed(client_for, manager, institution):
    data = {**PROFILE, "figures_as_of": "", "gross_loan_portfolio": "-5"}
    response = client_for(manager).post(edit_url(institution), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Bakı, Səməd Vurğun küç. 21"' in content
    assert 'value="37000"' in content
    assert "is-invalid" in content
    institution.refresh_from_db()
    assert institution.address == ""


def test_trainer_reads_but_cannot_edit(client_for, trainer, institution):
    client = client_for(trainer)
    response = client.get(detail_url(institution))
    assert response.status_code == 200
    assert edit_url(institution) not in response.content.decode()
    assert client.get(edit_url(institution)).status_code == 403


def test_list_filters_by_kind_and_name(client_for, regulator, institution, other_institution):
    from tests.factories import InstitutionFactory

    InstitutionFactory(code="abs-bank", kind="bank", name_az="Abşeron Bank")
    client = client_for(regulator)
    banks = client.get(reverse("institutions:list"), {"kind": "bank"}).content.decode()
    assert "Abşeron Bank" in banks
    assert "Ümid Test BOKT" not in banks
    found = client.get(reverse("institutions:list"), {"q": "Bərəkət"}).content.decode()
    assert "Bərəkət Test BOKT" in found
    assert "Abşeron Bank" not in found


def test_list_query_count_does_not_grow_with_institutions(
    client_for, regulator, django_assert_max_num_queries
):
    from tests.factories import InstitutionFactory

    InstitutionFactory.create_batch(30)
    client = client_for(regulator)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("institutions:list")).status_code == 200


@pytest.mark.parametrize("query", ["şirvan", "ŞİRVAN", "Şirvan", "şİrVaN", "SHIRVAN", "ширван"])
def test_search_folds_azerbaijani_case(client_for, regulator, query):
    from tests.factories import InstitutionFactory

    InstitutionFactory(
        code="sirvan-bank",
        kind="bank",
        name_az="Şirvan Bank",
        name_en="Shirvan Bank",
        name_ru="Ширван Банк",
    )
    InstitutionFactory(code="ismayilli", kind="bank", name_az="İsmayıllı Bank")
    found = client_for(regulator).get(reverse("institutions:list"), {"q": query})
    assert [i.code for i in found.context["object_list"]] == ["sirvan-bank"]


@pytest.mark.parametrize("query", ["İSMAYILLI", "ismayıllı", "İsmayıllı"])
def test_search_tells_dotted_and_dotless_i_apart_the_azerbaijani_way(client_for, regulator, query):
    from tests.factories import InstitutionFactory

    InstitutionFactory(code="ismayilli", kind="bank", name_az="İsmayıllı Bank")
    found = client_for(regulator).get(reverse("institutions:list"), {"q": query})
    assert [i.code for i in found.context["object_list"]] == ["ismayilli"]
