"""JSON API v1: flask-smorest blueprints, one error shape, an OpenAPI document from the schemas."""
