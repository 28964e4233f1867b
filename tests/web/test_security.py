"""Untrusted article text, request limits, the write token and the response headers."""

from __future__ import annotations

import re

import pytest
from web_fixtures import TOKEN

HTML = {"accept": "text/html"}
AUTH = {"authorization": f"Bearer {TOKEN}"}


def _tags(html: str) -> set[str]:
    return {tag.lower() for tag in re.findall(r"<\s*([a-zA-Z][\w-]*)", html)}


@pytest.mark.parametrize("path", ["/articles/xss-quote", "/articles/handmade"])
def test_markup_in_articles_is_escaped(client, path):
    html = client.get(path, headers=HTML).text
    assert "<script>alert" not in html
    assert "<img" not in html and "<b onmouseover" not in html and "<i>News" not in html
    assert "onerror=alert" not in html.replace("&lt;img src=x onerror=alert", "")
    # The only script tag is our own, loaded from this server.
    assert html.count("<script") == 1 and '<script src="/static/saywho.js" defer></script>' in html
    assert _tags(html) <= {"html", "head", "meta", "title", "link", "script", "body", "header", "a", "nav", "form",
                           "input", "main", "article", "div", "h1", "h2", "p", "span", "time", "aside", "ol", "li",
                           "q", "blockquote", "footer", "ul"}


def test_title_and_outlet_markup_is_escaped(client):
    html = client.get("/articles/xss-quote", headers=HTML).text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Officials &lt;b&gt;warn&lt;/b&gt;" in html
    assert "Example &lt;i&gt;News&lt;/i&gt;" in html


def test_javascript_urls_are_not_linked(client):
    html = client.get("/articles/xss-quote", headers=HTML).text
    assert "javascript:" not in html
    assert client.get("/articles/xss-quote.json").json()["article"]["url"] is None


@pytest.mark.parametrize("path", ["/articles/handmade", "/articles/handmade.json", "/static/saywho.css", "/nowhere"])
def test_every_response_has_a_strict_csp(client, path):
    headers = client.get(path, headers=HTML).headers
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_body_over_the_limit_is_413(client):
    response = client.post("/articles", content=b"x" * 200_001, headers={**AUTH, "content-type": "application/json"})
    assert response.status_code == 413
    assert response.json() == {"ok": False, "error": "request body is larger than the limit of 200,000 bytes",
                               "status": 413}


def test_streamed_body_over_the_limit_is_413(client):
    def chunks():
        for _ in range(30):
            yield b"y" * 10_000

    response = client.post("/articles", content=chunks(), headers={**AUTH, "content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["status"] == 413


def test_post_is_refused_without_a_configured_token(readonly_client):
    response = readonly_client.post("/articles", json={"text": "Officials said it rained."}, headers=AUTH)
    assert response.status_code == 403
    assert response.json()["ok"] is False and "--token" in response.json()["error"]


@pytest.mark.parametrize("headers", [{}, {"authorization": "Bearer wrong"}, {"authorization": f"Basic {TOKEN}"},
                                     {"authorization": TOKEN}])
def test_post_needs_the_right_token(client, headers):
    response = client.post("/articles", json={"text": "Officials said it rained."}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"ok": False, "status": 401,
                               "error": "this needs the server's token as 'Authorization: Bearer <token>'"}


def test_post_rejects_unknown_fields_and_empty_text(client):
    for body in ({"text": "x", "evil": 1}, {"text": ""}, {"id": "a"}, {"text": "x", "id": "../etc/passwd"}):
        response = client.post("/articles", json=body, headers=AUTH)
        assert response.status_code == 422, body
        assert response.json()["ok"] is False and response.json()["status"] == 422


def test_post_blank_text_is_a_clear_400(client):
    response = client.post("/articles", json={"text": "   \n "}, headers=AUTH)
    assert response.status_code == 400
    assert "empty" in response.json()["error"]


@pytest.mark.parametrize("path", [
    "/static/..%2F..%2Fstore%2Fstore.py",
    "/static/%2e%2e/%2e%2e/store/store.py",
    "/static/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
])
def test_static_files_come_only_from_the_package(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Store" not in response.text and "root:" not in response.text


@pytest.mark.parametrize("article_id", ["%2E%2E", "bad%00id", "a%0Ab", "x" * 501])
def test_bad_article_ids_are_refused(client, article_id):
    response = client.get(f"/articles/{article_id}.json")
    assert response.status_code in (400, 404, 422)
    assert response.json()["ok"] is False
