"""Password reset by e-mail (Django's own views) and uploads never public under /media/."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.usefixtures("demo_data")


def test_a_user_resets_the_password_through_the_emailed_link(db, user_named):
    user = user_named("member")
    user.email = "member@example.org"
    user.save()
    client = Client()
    response = client.post("/accounts/password-reset/", {"email": "member@example.org"})
    assert response.status_code == 302 and response.url == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", mail.outbox[0].body)
    assert link and "member" in mail.outbox[0].body
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "A-new-pass-2026!", "new_password2": "A-new-pass-2026!"}
    )
    assert response.status_code == 302 and response.url == "/accounts/password-reset/done/"
    signed_in = Client().post(
        "/accounts/login/", {"username": "member", "password": "A-new-pass-2026!"}
    )
    assert signed_in.status_code == 302 and signed_in.url == "/"
    # The link works once.
    assert "expired" in Client().get(form_url).content.decode()


def test_an_unknown_address_reveals_nothing(db):
    response = Client().post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and response.url == "/accounts/password-reset/sent/"
    assert mail.outbox == []


def test_uploads_are_not_served_from_media(as_persona):
    assert as_persona("admin").get("/media/meetings/anything.pdf").status_code == 404
