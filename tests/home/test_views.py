import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role_fixture", "template", "text"),
    [
        ("manager", "home/home_manager.html", "Ümid Test BOKT"),
        ("regulator", "home/home_supervisor.html", "Nəzarət"),
        ("trainer", "home/home_supervisor.html", "Təlim"),
        ("administrator", "home/home_admin.html", "İdarəetmə"),
    ],
)
def test_each_role_lands_on_its_own_home_page_after_login(
    request, client, role_fixture, template, text
):
    user = request.getfixturevalue(role_fixture)
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert template in [t.name for t in response.templates]
    assert text in response.content.decode()


def test_navigation_shows_what_the_role_may_do(client_for, manager, regulator):
    manager_page = client_for(manager).get(reverse("home")).content.decode()
    assert f'href="{reverse("institutions:list")}"' not in manager_page
    assert reverse("institutions:detail", kwargs={"code": "umid-test"}) in manager_page
    regulator_page = client_for(regulator).get(reverse("home")).content.decode()
    assert f'href="{reverse("institutions:list")}"' in regulator_page
    assert reverse("admin:index") not in regulator_page
