"""接口文档: the Swagger UI page and its assets come from the app itself."""

from __future__ import annotations


def test_the_api_document_page_loads_its_assets_from_the_app(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/api/v1/openapi.json" in html
    for name in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"):
        assert f"/api/v1/docs/assets/{name}" in html
        with client.get(f"/api/v1/docs/assets/{name}") as asset:
            assert asset.status_code == 200 and len(asset.data) > 10_000
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert "http://" not in html.replace("http://localhost", "")
    assert "https://" not in html


def test_only_the_three_assets_are_served(client):
    for name in ("index.html", "..%2F..%2Fswagger_ui_bundle%2F__init__.py", "swagger-ui.js.map"):
        assert client.get(f"/api/v1/docs/assets/{name}").status_code == 404
