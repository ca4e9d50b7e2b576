"""Tests of pygen.client: HTTP layer, auth, resource APIs, PygenClient."""
