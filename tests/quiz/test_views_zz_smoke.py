import pytest
from tests.quiz.view_helpers import *

pytestmark = pytest.mark.django_db

def test_smoke(client):
    quiz = make_quiz_with(2, time_limit_minutes=10)
    enrolled_officer(client, quiz)
    r = client.get(quiz.url)
    print(r.content.decode()[-3000:])
    assert r.status_code == 200
    attempt = start(client, quiz)
    r = client.get(attempt_url(attempt))
    print(r.content.decode()[-4000:])
    items = list(attempt.questions.all())
    right, wrong = choice_ids(items[0])
    r = post_form(client, autosave_url(attempt, 1), {"q1-sequence": 0, "q1-choice": right})
    print(r.json())
    attempt.refresh_from_db()
    r = post_form(client, attempt_url(attempt), full_form(attempt, {}, action="submit"))
    print(r.status_code, r.get("Location"))
    r = client.get(result_url(attempt))
    print(r.content.decode()[-4000:])
    assert r.status_code == 200
    r = client.get("/plugins/quiz/progress/")
    print(r.content.decode()[-2000:])
