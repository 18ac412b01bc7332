import time
from django.test import RequestFactory
from django.contrib.auth.models import AnonymousUser
from tests import factories
from courses.catalog import catalog_context
from courses.models import CoursePage, LessonPage


def test_probe(catalog, officer):
    t = time.time()
    topic = factories.make_topic()
    for i in range(10):
        factories.make_course(catalog, topics=[topic] if i % 2 else ())
    print("10 courses", time.time() - t)
    rf = RequestFactory()
    for q in ["topic=" + topic.slug + "&q=Course", "q=Course", "q=វគ្គ", 'q="', "q=AND", "q=*", "q=a OR b", "q=(", "topic=" + topic.slug + "&language=en&q=Summary"]:
        req = rf.get("/?" + q)
        req.user = AnonymousUser()
        try:
            ctx = catalog_context(catalog, req)
            print(q, len(ctx["courses_page"].object_list))
        except Exception as e:
            print(q, "ERROR", type(e), e)
    assert 0
